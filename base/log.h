// Structured logs: every line on stderr is one JSON object, e.g.
//   {"time":"2026-11-24T10:00:00.123456Z","level":"info","msg":"request",
//    "method":"GET","route":"/v1/accounts/{account}","status":200,
//    "latency_us":42,"request_id":"9f2c0d4e5a6b7c8d"}
//
// ConfigureLogging() installs this format on spdlog's default logger, so a
// plain spdlog::warn("text") anywhere becomes {"...","msg":"text"} as well.
// Never log header values, bodies, secrets or raw paths: they can hold
// credentials. Log route patterns and ids instead.
#ifndef KEYTRAIL_BASE_LOG_H_
#define KEYTRAIL_BASE_LOG_H_

#include <spdlog/common.h>

#include <boost/json/object.hpp>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/result.h"

namespace keytrail {

// Makes spdlog's default logger write JSON lines to stderr at `level`
// ("trace", "debug", "info", "warn", "error", "critical" or "off"). Fails
// with kInvalid for another level. Not thread-safe: call it before any
// server starts.
[[nodiscard]] Status ConfigureLogging(std::string_view level);

// Logs `message` and `fields` as one JSON line at `level`; adds
// "request_id" while a RequestLogScope is alive on this thread. Thread-safe.
void Log(spdlog::level::level_enum level, std::string_view message,
         const boost::json::object& fields = {});

// The one line of a finished request. Never a raw path, a query, a secret
// or a header value but the user agent's.
struct RequestLogLine {
  std::string_view method;
  // The route name, the same as the metrics label (Route::name,
  // "unmatched", "rejected"), and the route pattern ("" when none).
  std::string_view route;
  std::string_view pattern;
  int status = 0;
  int64_t latency_us = 0;
  std::string_view request_id;
  // The client: the peer, or the address a trusted proxy forwarded for.
  std::string_view client_ip;
  // The token that authenticated the request, or the one a verification
  // was about ("" when none); its id only.
  std::string_view token_id;
  std::string_view user_agent;  // cut to 256 bytes
};

// Logs `line` at info as {"msg":"request",...}; empty fields are left out.
// Thread-safe.
void LogRequest(const RequestLogLine& line);

// While alive, Log() calls made on this thread carry "request_id", so that
// a handler's own log lines can be tied to its request line, and the
// handler may name the request's token and client for that line.
class RequestLogScope {
 public:
  explicit RequestLogScope(std::string_view request_id);
  ~RequestLogScope();
  RequestLogScope(const RequestLogScope&) = delete;
  RequestLogScope& operator=(const RequestLogScope&) = delete;

  // What NoteRequestToken() and NoteRequestClient() said during the scope.
  const std::string& token_id() const { return token_id_; }
  const std::string& client_ip() const { return client_ip_; }

 private:
  friend void NoteRequestToken(std::string_view token_id);
  friend void NoteRequestClient(std::string_view client_ip);

  std::string_view previous_id_;
  RequestLogScope* previous_scope_;
  std::string token_id_;
  std::string client_ip_;
};

// Names, for the request line of the request handled on this thread, the
// token that authenticated it or that it verified (the id, never the
// secret), and the client address it was answered for (a trusted proxy's
// X-Forwarded-For). No effect outside a RequestLogScope.
void NoteRequestToken(std::string_view token_id);
void NoteRequestClient(std::string_view client_ip);

}  // namespace keytrail

#endif  // KEYTRAIL_BASE_LOG_H_
