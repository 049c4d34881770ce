// JsonValue: a minimal JSON tree whose Serialize() is RFC 8785 (JCS)
// canonical JSON: object keys sorted (by UTF-16 code units, which for the
// keys keytrail uses equals byte order), no insignificant whitespace, strings
// escaped the JCS way, integers only (keytrail's events hold no floats).
//
// It is the one JSON form of events: event data (event_json.h), the audit
// envelope and leaf hashes are all made with it. The domain has no other
// JSON dependency on purpose (it links only the standard library, cereal
// and OpenSSL).
//
// Intentionally copyable.
#ifndef KEYTRAIL_BASE_CANONICAL_JSON_H_
#define KEYTRAIL_BASE_CANONICAL_JSON_H_

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace keytrail {

class JsonValue;
using JsonArray = std::vector<JsonValue>;
using JsonObject = std::map<std::string, JsonValue>;

// Text that is already canonical JSON (e.g. an event's stored `data`); it is
// copied into the output verbatim.
struct RawJson {
  std::string text;
};

class JsonValue {
 public:
  JsonValue() : value_(nullptr) {}  // null
  JsonValue(std::nullptr_t) : value_(nullptr) {}
  JsonValue(bool b) : value_(b) {}
  JsonValue(int64_t i) : value_(i) {}
  JsonValue(int i) : value_(static_cast<int64_t>(i)) {}
  JsonValue(uint64_t i) : value_(static_cast<int64_t>(i)) {}
  JsonValue(std::string s) : value_(std::move(s)) {}
  JsonValue(std::string_view s) : value_(std::string(s)) {}
  JsonValue(const char* s) : value_(std::string(s)) {}
  JsonValue(JsonArray a) : value_(std::move(a)) {}
  JsonValue(JsonObject o) : value_(std::move(o)) {}
  JsonValue(RawJson r) : value_(std::move(r)) {}

  // An array of strings.
  static JsonValue Strings(const std::vector<std::string>& items);
  // `value` or null.
  static JsonValue OptionalString(const std::string& value);  // "" -> null
  static JsonValue OptionalInt(const std::optional<int64_t>& value);

  // Appends the canonical form to `out`.
  void SerializeTo(std::string& out) const;
  std::string Serialize() const;

 private:
  std::variant<std::nullptr_t, bool, int64_t, std::string, JsonArray,
               JsonObject, RawJson>
      value_;
};

// Appends `text` as a JCS-escaped JSON string (with quotes) to `out`.
void AppendJsonString(std::string& out, std::string_view text);

}  // namespace keytrail

#endif  // KEYTRAIL_BASE_CANONICAL_JSON_H_
