#include "base/canonical_json.h"

#include <cstdio>

namespace keytrail {

JsonValue JsonValue::Strings(const std::vector<std::string>& items) {
  JsonArray array;
  array.reserve(items.size());
  for (const std::string& item : items) array.emplace_back(item);
  return JsonValue(std::move(array));
}

JsonValue JsonValue::OptionalString(const std::string& value) {
  if (value.empty()) return JsonValue();
  return JsonValue(value);
}

JsonValue JsonValue::OptionalInt(const std::optional<int64_t>& value) {
  if (!value) return JsonValue();
  return JsonValue(*value);
}

// RFC 8785 §3.2.2.2: escape '"', '\\' and control characters; use the short
// forms \b \f \n \r \t, else \u00xx with lowercase hex; all else verbatim.
void AppendJsonString(std::string& out, std::string_view text) {
  out.push_back('"');
  size_t run = 0;  // start of the characters copied as they are
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c != '"' && c != '\\' && static_cast<unsigned char>(c) >= 0x20) {
      continue;
    }
    out.append(text, run, i - run);
    run = i + 1;
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default: {
        char buffer[8];
        std::snprintf(buffer, sizeof(buffer), "\\u%04x",
                      static_cast<unsigned>(static_cast<unsigned char>(c)));
        out += buffer;
      }
    }
  }
  out.append(text, run, text.size() - run);
  out.push_back('"');
}

namespace {

struct Writer {
  std::string& out;
  void operator()(std::nullptr_t) const { out += "null"; }
  void operator()(bool b) const { out += b ? "true" : "false"; }
  void operator()(int64_t i) const { out += std::to_string(i); }
  void operator()(const std::string& s) const { AppendJsonString(out, s); }
  void operator()(const RawJson& raw) const { out += raw.text; }
  void operator()(const JsonArray& array) const {
    out.push_back('[');
    for (size_t i = 0; i < array.size(); ++i) {
      if (i > 0) out.push_back(',');
      array[i].SerializeTo(out);
    }
    out.push_back(']');
  }
  void operator()(const JsonObject& object) const {
    // std::map orders keys bytewise, which is JCS order for the ASCII keys
    // keytrail writes.
    out.push_back('{');
    bool first = true;
    for (const auto& [key, value] : object) {
      if (!first) out.push_back(',');
      first = false;
      AppendJsonString(out, key);
      out.push_back(':');
      value.SerializeTo(out);
    }
    out.push_back('}');
  }
};

}  // namespace

void JsonValue::SerializeTo(std::string& out) const {
  std::visit(Writer{out}, value_);
}

std::string JsonValue::Serialize() const {
  std::string out;
  SerializeTo(out);
  return out;
}

}  // namespace keytrail
