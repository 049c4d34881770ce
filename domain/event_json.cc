#include "domain/event_json.h"

#include "base/time.h"
#include "domain/event_fields.h"

namespace keytrail {
namespace {

template <typename T>
JsonValue ObjectOf(const T& value);

// Turns each visited field into a member of `object`.
struct JsonFields {
  JsonObject& object;

  template <typename T>
  void operator()(const char* name, const T& value) const {
    object.emplace(name, ToJson(value));
  }
  void operator()(const char* name,
                  AddedLaterField<const std::string> field) const {
    if (!field.value.empty()) object.emplace(name, JsonValue(field.value));
  }

  static JsonValue ToJson(const std::string& s) { return JsonValue(s); }
  static JsonValue ToJson(bool b) { return JsonValue(b); }
  static JsonValue ToJson(int64_t i) { return JsonValue(i); }
  static JsonValue ToJson(const std::optional<int64_t>& i) {
    return JsonValue::OptionalInt(i);
  }
  static JsonValue ToJson(const std::vector<std::string>& items) {
    return JsonValue::Strings(items);
  }
  static JsonValue ToJson(GroupType t) { return JsonValue(ToString(t)); }
  static JsonValue ToJson(TokenKind k) { return JsonValue(ToString(k)); }
  static JsonValue ToJson(SecretVisibility v) { return JsonValue(ToString(v)); }
  static JsonValue ToJson(const Plan& plan) { return PlanJson(plan); }
  static JsonValue ToJson(const AccountSettings& s) { return SettingsJson(s); }
  static JsonValue ToJson(const std::optional<RateLimit>& limit) {
    if (!limit) return JsonValue();
    return ObjectOf(*limit);
  }
  static JsonValue ToJson(const std::optional<CreditRefill>& refill) {
    if (!refill) return JsonValue();
    return ObjectOf(*refill);
  }
  static JsonValue ToJson(NullableField<const std::string> s) {
    return JsonValue::OptionalString(s.value);
  }
  static JsonValue ToJson(JsonTextField<const std::string> s) {
    if (s.value.empty()) return JsonValue();
    return JsonValue(RawJson{s.value});
  }
  static JsonValue ToJson(TimeField<const Micros> t) {
    return JsonValue(FormatRfc3339(t.value));
  }
  static JsonValue ToJson(TimeField<const std::optional<Micros>> t) {
    if (!t.value) return JsonValue();
    return JsonValue(FormatRfc3339(*t.value));
  }
};

template <typename T>
JsonValue ObjectOf(const T& value) {
  JsonObject object;
  VisitFields(value, JsonFields{object});
  return JsonValue(std::move(object));
}

}  // namespace

JsonValue PlanJson(const Plan& plan) { return ObjectOf(plan); }

JsonValue SettingsJson(const AccountSettings& settings) {
  return ObjectOf(settings);
}

JsonValue EventData(const Event& event) {
  return std::visit([](const auto& e) { return ObjectOf(e); }, event);
}

}  // namespace keytrail
