// The admin console's session cookie on a request (docs/console.md): the
// cookie `kt_session` holds the session secret; a write (any method but GET
// and HEAD) made with it also needs `X-CSRF-Token`. Authorize()
// (handler_support.h) and the console's own routes both authenticate a
// session through ConsoleSessionOf(), the one place these rules live.
#ifndef KEYTRAIL_ROUTES_CONSOLE_COOKIE_H_
#define KEYTRAIL_ROUTES_CONSOLE_COOKIE_H_

#include <string_view>

#include "app/console_sessions.h"
#include "base/result.h"
#include "http/request.h"
#include "routes/api_context.h"

namespace keytrail::http {

inline constexpr std::string_view kConsoleCookieName = "kt_session";
inline constexpr std::string_view kCsrfHeader = "X-CSRF-Token";

// The session secret in `request`'s cookie; empty when absent.
std::string_view ConsoleCookieSecret(const Request& request);

// The live session of `request`'s cookie (app::ConsoleSessions::Authenticate
// with the CSRF rule above). kUnauthenticated when `context.console` is null
// or the cookie names no live session; kForbidden for a write without the
// session's CSRF token.
Result<app::ConsoleSession> ConsoleSessionOf(ApiContext& context,
                                             const Request& request);

}  // namespace keytrail::http

#endif  // KEYTRAIL_ROUTES_CONSOLE_COOKIE_H_
