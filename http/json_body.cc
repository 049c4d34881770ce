#include "http/json_body.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cmath>

#include "base/canonical_json.h"

namespace keytrail::http {

namespace json = boost::json;

namespace {

// Smallest double magnitude that no int64 can hold: 2^63.
constexpr double kTwoPow63 = 9223372036854775808.0;

bool IsJsonMediaType(std::string_view content_type) {
  std::string_view media = content_type.substr(0, content_type.find(';'));
  while (!media.empty() && (media.back() == ' ' || media.back() == '\t')) {
    media.remove_suffix(1);
  }
  std::string lower;
  for (char c : media) {
    lower += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return lower == "application/json" ||
         (lower.starts_with("application/") && lower.ends_with("+json"));
}

Error InvalidBody(std::string message) {
  Error error = Error::Invalid("", message);
  error.message = "The request body " + std::move(message) + ".";
  return error;
}

// Convert(value, field, &out, &errors): stores `value` into `out` or
// records why it cannot.
bool Convert(const json::value& value, const std::string& field,
             std::string* out, std::vector<FieldError>* errors) {
  if (!value.is_string()) {
    errors->push_back({field, "must be a string"});
    return false;
  }
  const json::string& text = value.get_string();
  if (text.find('\0') != json::string::npos) {
    errors->push_back({field, "must not contain U+0000"});
    return false;
  }
  out->assign(text.data(), text.size());
  return true;
}

bool Convert(const json::value& value, const std::string& field, int64_t* out,
             std::vector<FieldError>* errors) {
  if (value.is_int64()) {
    *out = value.get_int64();
    return true;
  }
  bool integral_but_huge =
      value.is_uint64() ||
      (value.is_double() &&
       std::trunc(value.get_double()) == value.get_double() &&
       std::fabs(value.get_double()) >= kTwoPow63);
  errors->push_back({field, integral_but_huge
                                ? "must be an integer between -2^63 and 2^63-1"
                                : "must be an integer"});
  return false;
}

bool Convert(const json::value& value, const std::string& field, bool* out,
             std::vector<FieldError>* errors) {
  if (!value.is_bool()) {
    errors->push_back({field, "must be a boolean"});
    return false;
  }
  *out = value.get_bool();
  return true;
}

bool Convert(const json::value& value, const std::string& field,
             std::vector<std::string>* out, std::vector<FieldError>* errors) {
  if (!value.is_array()) {
    errors->push_back({field, "must be an array of strings"});
    return false;
  }
  bool ok = true;
  out->clear();
  const json::array& items = value.get_array();
  for (std::size_t i = 0; i < items.size(); ++i) {
    std::string item;
    ok = Convert(items[i], field + "[" + std::to_string(i) + "]", &item,
                 errors) &&
         ok;
    out->push_back(std::move(item));
  }
  return ok;
}

// The canonical form (base/canonical_json.h) of `value`, or nullopt when it
// holds a number that is not an integer of int64 (canonical JSON here holds
// integers only).
std::optional<JsonValue> Canonical(const json::value& value) {
  switch (value.kind()) {
    case json::kind::null:
      return JsonValue();
    case json::kind::bool_:
      return JsonValue(value.get_bool());
    case json::kind::int64:
      return JsonValue(value.get_int64());
    case json::kind::uint64:
      if (value.get_uint64() > static_cast<uint64_t>(INT64_MAX)) {
        return std::nullopt;
      }
      return JsonValue(static_cast<int64_t>(value.get_uint64()));
    case json::kind::double_:
      return std::nullopt;
    case json::kind::string:
      return JsonValue(std::string_view(value.get_string()));
    case json::kind::array: {
      JsonArray items;
      for (const json::value& item : value.get_array()) {
        std::optional<JsonValue> canonical = Canonical(item);
        if (!canonical) return std::nullopt;
        items.push_back(std::move(*canonical));
      }
      return JsonValue(std::move(items));
    }
    case json::kind::object: {
      JsonObject members;
      for (const auto& member : value.get_object()) {
        std::optional<JsonValue> canonical = Canonical(member.value());
        if (!canonical) return std::nullopt;
        members.insert_or_assign(std::string(member.key()),
                                 std::move(*canonical));
      }
      return JsonValue(std::move(members));
    }
  }
  return std::nullopt;
}

bool Convert(const json::value& value, const std::string& field,
             CanonicalObject* out, std::vector<FieldError>* errors) {
  if (!value.is_object()) {
    errors->push_back({field, "must be a JSON object"});
    return false;
  }
  std::optional<JsonValue> canonical = Canonical(value);
  if (!canonical) {
    errors->push_back(
        {field, "must hold integers only (no fractions or exponents)"});
    return false;
  }
  out->text = canonical->Serialize();
  return true;
}

}  // namespace

Result<JsonBody> JsonBody::Parse(const Request& request) {
  std::optional<std::string_view> content_type = request.Header("Content-Type");
  if (!request.body.empty() && content_type &&
      !IsJsonMediaType(*content_type)) {
    return Error::Make(ErrorCode::kUnsupportedMediaType,
                       "The request body must be application/json.");
  }
  return Parse(request.body);
}

Result<JsonBody> JsonBody::Parse(std::string_view text) {
  if (text.empty()) return JsonBody(json::object());
  boost::system::error_code ec;
  json::value value = json::parse(text, ec);
  if (ec) return InvalidBody("is not valid JSON (" + ec.message() + ")");
  if (!value.is_object()) return InvalidBody("must be a JSON object");
  return JsonBody(std::move(value.get_object()));
}

const json::value* JsonBody::Take(std::string_view name) {
  known_.emplace(name);
  return object_.if_contains(name);
}

template <typename T>
std::optional<T> JsonBody::Read(std::string_view name, bool required) {
  const json::value* value = Take(name);
  if (value == nullptr) {
    if (required) errors_.push_back({std::string(name), "is required"});
    return std::nullopt;
  }
  T out{};
  if (!Convert(*value, std::string(name), &out, &errors_)) return std::nullopt;
  return out;
}

template <typename T>
Nullable<T> JsonBody::ReadNullable(std::string_view name) {
  Nullable<T> field;
  const json::value* value = object_.if_contains(name);
  field.present = value != nullptr;
  if (value != nullptr && value->is_null()) {
    Take(name);
    return field;
  }
  field.value = Read<T>(name, /*required=*/false);
  return field;
}

std::string JsonBody::RequireString(std::string_view name) {
  return Read<std::string>(name, true).value_or("");
}
std::optional<std::string> JsonBody::OptionalString(std::string_view name) {
  return Read<std::string>(name, false);
}
Nullable<std::string> JsonBody::NullableString(std::string_view name) {
  return ReadNullable<std::string>(name);
}
int64_t JsonBody::RequireInt(std::string_view name) {
  return Read<int64_t>(name, true).value_or(0);
}
std::optional<int64_t> JsonBody::OptionalInt(std::string_view name) {
  return Read<int64_t>(name, false);
}
Nullable<int64_t> JsonBody::NullableInt(std::string_view name) {
  return ReadNullable<int64_t>(name);
}
bool JsonBody::RequireBool(std::string_view name) {
  return Read<bool>(name, true).value_or(false);
}
std::optional<bool> JsonBody::OptionalBool(std::string_view name) {
  return Read<bool>(name, false);
}
std::vector<std::string> JsonBody::RequireStringArray(std::string_view name) {
  return Read<std::vector<std::string>>(name, true)
      .value_or(std::vector<std::string>{});
}
std::optional<std::vector<std::string>> JsonBody::OptionalStringArray(
    std::string_view name) {
  return Read<std::vector<std::string>>(name, false);
}

Nullable<CanonicalObject> JsonBody::NullableObject(std::string_view name) {
  return ReadNullable<CanonicalObject>(name);
}

void JsonBody::AddError(std::string field, std::string message) {
  errors_.push_back({std::move(field), std::move(message)});
}

Status JsonBody::Finish() const {
  std::vector<FieldError> fields = errors_;
  for (const auto& member : object_) {
    if (!known_.contains(std::string_view(member.key()))) {
      fields.push_back({std::string(member.key()), "is not a known field"});
    }
  }
  if (fields.empty()) return OkStatus();
  std::string detail;
  for (const FieldError& field : fields) {
    detail += detail.empty() ? "" : "; ";
    detail += field.field + " " + field.message;
  }
  Error error = Error::Make(ErrorCode::kInvalid, detail + ".");
  error.fields = std::move(fields);
  return error;
}

Response JsonResponse(int status, const json::value& value) {
  return Response::Text(status, json::serialize(value), "application/json");
}

}  // namespace keytrail::http
