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

// Logs the one line of a finished request. `route` is the route pattern
// (or "unmatched"), never the raw path. Thread-safe.
void LogRequest(std::string_view method, std::string_view route, int status,
                int64_t latency_us, std::string_view request_id);

// While alive, Log() calls made on this thread carry "request_id", so that
// a handler's own log lines can be tied to its request line.
class RequestLogScope {
 public:
  explicit RequestLogScope(std::string_view request_id);
  ~RequestLogScope();
  RequestLogScope(const RequestLogScope&) = delete;
  RequestLogScope& operator=(const RequestLogScope&) = delete;

 private:
  std::string_view previous_;
};

}  // namespace keytrail

#endif  // KEYTRAIL_BASE_LOG_H_
