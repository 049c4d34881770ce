// Lines are rendered by spdlog's pattern formatter with one custom flag,
// %*, that writes the message part of the object:
//   - a payload starting with kFieldsMarker is a ready list of JSON members
//     ("msg":"request","status":200) written by Log() and copied as is;
//   - any other payload is plain text from a bare spdlog call and is
//     written as "msg":"<escaped text>".
#include "base/log.h"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>
#include <memory>

namespace keytrail {

namespace {

// ASCII record separator: never part of a human-written message.
constexpr char kFieldsMarker = '\x1e';

// Set once ConfigureLogging() installed the JSON pattern. Before that,
// Log() hands spdlog a whole JSON object as plain text.
std::atomic<bool> json_pattern_installed{false};

thread_local std::string_view current_request_id;

void AppendJsonString(std::string_view text, spdlog::memory_buf_t& out) {
  std::string quoted = boost::json::serialize(boost::json::string(text));
  out.append(quoted.data(), quoted.data() + quoted.size());
}

class MessageFlag : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& msg, const std::tm&,
              spdlog::memory_buf_t& dest) override {
    std::string_view payload(msg.payload.data(), msg.payload.size());
    if (!payload.empty() && payload.front() == kFieldsMarker) {
      payload.remove_prefix(1);
      dest.append(payload.data(), payload.data() + payload.size());
      return;
    }
    static constexpr std::string_view kKey = "\"msg\":";
    dest.append(kKey.data(), kKey.data() + kKey.size());
    AppendJsonString(payload, dest);
  }

  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<MessageFlag>();
  }
};

}  // namespace

Status ConfigureLogging(std::string_view level_name) {
  spdlog::level::level_enum level =
      spdlog::level::from_str(std::string(level_name));
  if (level == spdlog::level::off && level_name != "off") {
    return Error::Make(ErrorCode::kInvalid,
                       "log level must be one of trace, debug, info, warn, "
                       "error, critical, off");
  }
  auto formatter = std::make_unique<spdlog::pattern_formatter>(
      spdlog::pattern_time_type::utc);
  formatter->add_flag<MessageFlag>('*').set_pattern(
      R"({"time":"%Y-%m-%dT%H:%M:%S.%fZ","level":"%l",%*})");
  auto logger = std::make_shared<spdlog::logger>(
      "keytrail", std::make_shared<spdlog::sinks::stderr_sink_mt>());
  logger->set_formatter(std::move(formatter));
  logger->set_level(level);
  logger->flush_on(spdlog::level::warn);
  spdlog::set_default_logger(std::move(logger));
  json_pattern_installed = true;
  return OkStatus();
}

void Log(spdlog::level::level_enum level, std::string_view message,
         const boost::json::object& fields) {
  spdlog::logger* logger = spdlog::default_logger_raw();
  if (!logger->should_log(level)) return;
  bool marked = json_pattern_installed.load(std::memory_order_relaxed);
  std::string line(1, marked ? kFieldsMarker : '{');
  line += "\"msg\":";
  line += boost::json::serialize(boost::json::string(message));
  for (const auto& field : fields) {
    line += ',';
    line += boost::json::serialize(boost::json::string(field.key()));
    line += ':';
    line += boost::json::serialize(field.value());
  }
  if (!current_request_id.empty() && !fields.contains("request_id")) {
    line += ",\"request_id\":";
    line += boost::json::serialize(boost::json::string(current_request_id));
  }
  if (!marked) line += '}';
  logger->log(level, spdlog::string_view_t(line.data(), line.size()));
}

void LogRequest(std::string_view method, std::string_view route, int status,
                int64_t latency_us, std::string_view request_id) {
  // Checked before the fields are built: this runs once per request.
  if (!spdlog::default_logger_raw()->should_log(spdlog::level::info)) return;
  Log(spdlog::level::info, "request",
      {{"method", method},
       {"route", route},
       {"status", status},
       {"latency_us", latency_us},
       {"request_id", request_id}});
}

RequestLogScope::RequestLogScope(std::string_view request_id)
    : previous_(current_request_id) {
  current_request_id = request_id;
}

RequestLogScope::~RequestLogScope() { current_request_id = previous_; }

}  // namespace keytrail
