#include "routes/console_cookie.h"

#include "http/headers.h"

namespace keytrail::http {

std::string_view ConsoleCookieSecret(const Request& request) {
  std::optional<std::string_view> header = request.Header("Cookie");
  if (!header) return {};
  return CookieValue(*header, kConsoleCookieName);
}

Result<app::ConsoleSession> ConsoleSessionOf(ApiContext& context,
                                             const Request& request) {
  if (context.console == nullptr) {
    return Error::Make(ErrorCode::kUnauthenticated, "no console session");
  }
  const bool write = request.method != "GET" && request.method != "HEAD";
  return context.console->Authenticate(
      ConsoleCookieSecret(request), write,
      request.Header(kCsrfHeader).value_or(""));
}

}  // namespace keytrail::http
