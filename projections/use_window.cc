#include "projections/use_window.h"

#include "projections/render.h"

namespace keytrail::projections {

namespace {

std::string StringAt(const boost::json::object& data, std::string_view key) {
  const boost::json::value* value = data.if_contains(key);
  return value != nullptr && value->is_string()
             ? std::string(value->as_string())
             : std::string();
}

}  // namespace

std::optional<Micros> RevokedAt(const TokenState& token) {
  if (token.status != TokenStatus::kRevoked) return std::nullopt;
  return token.updated_at;
}

std::optional<UseWindow> UseWindowOf(const TimelineEntry& entry,
                                     std::optional<Micros> revoked_at) {
  if (entry.type != "TokenUsed" && entry.type != "TokenUseRejected") {
    return std::nullopt;
  }
  boost::system::error_code ec;
  boost::json::value parsed = boost::json::parse(entry.data_json, ec);
  if (ec || !parsed.is_object()) return std::nullopt;
  const boost::json::object& data = parsed.as_object();
  std::optional<Micros> first = ParseRfc3339(StringAt(data, "first_at"));
  std::optional<Micros> last = ParseRfc3339(StringAt(data, "last_at"));
  if (!first || !last) return std::nullopt;
  UseWindow window;
  window.first_at = *first;
  window.last_at = *last;
  if (const boost::json::value* count = data.if_contains("count");
      count != nullptr && count->is_int64()) {
    window.count = count->as_int64();
  }
  window.ip = StringAt(data, "ip");
  window.code = StringAt(data, "code");
  window.after_revoke = revoked_at && window.first_at >= *revoked_at;
  return window;
}

boost::json::object UseWindowJson(const UseWindow& window) {
  return {{"first_at", TimeJson(window.first_at)},
          {"last_at", TimeJson(window.last_at)},
          {"count", window.count},
          {"ip", OptionalStringJson(window.ip)},
          {"code", OptionalStringJson(window.code)},
          {"after_revoke", window.after_revoke}};
}

}  // namespace keytrail::projections
