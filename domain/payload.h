// Cereal serialization of events and of the value types they hold, and the
// two calls that turn one into payload bytes and back (format:
// payload_archive.h). Include this to write an upcaster (upcaster.h): decode
// the old shape with DecodePayload<OldShape>, build the new event, and
// EncodePayload it.
#ifndef KEYTRAIL_DOMAIN_PAYLOAD_H_
#define KEYTRAIL_DOMAIN_PAYLOAD_H_

#include <cereal/types/optional.hpp>
#include <cereal/types/string.hpp>
#include <cereal/types/vector.hpp>
#include <exception>
#include <string>
#include <string_view>

#include "base/result.h"
#include "domain/event_fields.h"
#include "domain/payload_archive.h"

namespace keytrail {

// The largest value of each enum, for the range check on load.
constexpr uint8_t MaxEnumValue(GroupType) { return 1; }
constexpr uint8_t MaxEnumValue(TokenKind) { return 1; }
constexpr uint8_t MaxEnumValue(SecretVisibility) { return 1; }
constexpr uint8_t MaxEnumValue(TokenStatus) { return 2; }

// Hands each field of a VisitFields() list to a cereal archive.
template <typename Archive>
struct CerealFields {
  Archive& ar;

  template <typename T>
  void operator()(const char*, T& value) const {
    if constexpr (std::is_enum_v<T>) {
      Enum(value);
    } else {
      ar(value);
    }
  }
  template <typename T>
  void operator()(const char*, TimeField<T> field) const {
    ar(field.value);
  }
  template <typename T>
  void operator()(const char*, NullableField<T> field) const {
    ar(field.value);
  }
  template <typename T>
  void operator()(const char*, AddedLaterField<T> field) const {
    ar(field.value);
  }
  template <typename T>
  void operator()(const char*, JsonTextField<T> field) const {
    ar(field.value);
  }

  template <typename T>
  void Enum(T& value) const {
    if constexpr (Archive::is_loading::value) {
      uint8_t raw = 0;
      ar(raw);
      if (raw > MaxEnumValue(T{})) throw cereal::Exception("bad enum value");
      value = static_cast<T>(raw);
    } else {
      ar(static_cast<uint8_t>(value));
    }
  }
};

// Types with a field list in event_fields.h: every event, Plan and
// AccountSettings.
template <typename T>
concept HasFields = requires(T& value) {
  VisitFields(value, [](const char*, auto&&) {});
};

template <typename Archive, HasFields T>
void serialize(Archive& ar, T& value) {
  VisitFields(value, CerealFields<Archive>{ar});
}

// Returns the payload bytes of `value`.
template <typename T>
std::string EncodePayload(const T& value) {
  std::string out;
  PayloadWriter archive(out);
  archive(value);
  return out;
}

// Reads a whole payload over `*value`, field by field: its strings and
// vectors are assigned into, keeping their buffers (every field is in the
// payload, so nothing of the old value survives). Never throws: bad bytes
// (truncated, a bad length or enum, bytes left over) are kCorruption, and
// leave `*value` unspecified.
template <typename T>
Status DecodePayloadInto(std::string_view bytes, T* value) {
  try {
    PayloadReader archive(bytes);
    archive(*value);
    if (archive.remaining() != 0) {
      return Error::Make(ErrorCode::kCorruption, "payload has trailing bytes");
    }
    return OkStatus();
  } catch (const std::exception& e) {
    return Error::Make(ErrorCode::kCorruption,
                       std::string("payload does not decode: ") + e.what());
  }
}

// Reads a whole payload as a fresh T (DecodePayloadInto).
template <typename T>
Result<T> DecodePayload(std::string_view bytes) {
  T value{};
  Status decoded = DecodePayloadInto(bytes, &value);
  if (!decoded.ok()) return decoded.error();
  return value;
}

}  // namespace keytrail

#endif  // KEYTRAIL_DOMAIN_PAYLOAD_H_
