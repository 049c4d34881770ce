#include "http/response_head.h"

#include <boost/beast/http/status.hpp>
#include <charconv>

namespace keytrail::http {

namespace {

// Appends `text` with CR and LF turned into spaces.
void AppendFieldText(std::string_view text, std::string& out) {
  const size_t start = out.size();
  out.append(text);
  for (size_t i = start; i < out.size(); ++i) {
    if (out[i] == '\r' || out[i] == '\n') out[i] = ' ';
  }
}

void AppendField(std::string_view name, std::string_view value,
                 std::string& out) {
  AppendFieldText(name, out);
  out.append(": ");
  AppendFieldText(value, out);
  out.append("\r\n");
}

void AppendNumber(uint64_t value, std::string& out) {
  char digits[20];
  auto [end, ec] = std::to_chars(digits, digits + sizeof(digits), value);
  out.append(digits, end);
}

}  // namespace

bool StatusHasNoBody(int status) {
  return status / 100 == 1 || status == 204 || status == 304;
}

void AppendResponseHead(const Response& response,
                        const ResponseHeadOptions& options, std::string& out) {
  out.append(options.version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ");
  AppendNumber(static_cast<uint64_t>(response.status), out);
  out.push_back(' ');
  boost::beast::string_view reason = boost::beast::http::obsolete_reason(
      static_cast<boost::beast::http::status>(response.status));
  out.append(reason.data(), reason.size());
  out.append("\r\nServer: keytrail\r\n");
  for (const auto& [name, value] : response.headers) {
    AppendField(name, value, out);
  }
  if (!response.content_type.empty()) {
    AppendField("Content-Type", response.content_type, out);
  }
  if (options.chunked) {
    out.append("Transfer-Encoding: chunked\r\n");
  } else if (!StatusHasNoBody(response.status)) {
    out.append("Content-Length: ");
    AppendNumber(response.body.size(), out);
    out.append("\r\n");
  }
  if (options.version >= 11 && !options.keep_alive) {
    out.append("Connection: close\r\n");
  } else if (options.version == 10 && options.keep_alive) {
    out.append("Connection: keep-alive\r\n");
  }
  out.append("\r\n");
}

}  // namespace keytrail::http
