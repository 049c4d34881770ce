// Payload byte format: see payload_archive.h (cereal binary, fields in the
// order of event_fields.h). The event's type and schema version are stored
// by the event store beside the payload, not inside it.
#include "domain/event_codec.h"

#include <optional>
#include <utility>

#include "domain/event_json.h"
#include "domain/payload.h"

namespace keytrail {
namespace {

// Decodes `payload` as alternative `I` of Event if its kType is `type`.
template <size_t I>
bool TryDecode(std::string_view type, uint32_t schema_version,
               std::string_view payload, const UpcasterRegistry& upcasters,
               std::optional<Result<Event>>& out) {
  using E = std::variant_alternative_t<I, Event>;
  if (type != E::kType) return false;
  if (schema_version > E::kSchemaVersion) {
    out =
        Error::Make(ErrorCode::kCorruption, std::string(type) + " v" +
                                                std::to_string(schema_version) +
                                                " is newer than this build");
    return true;
  }
  std::string upcast;
  if (schema_version < E::kSchemaVersion) {
    Result<std::string> bytes = upcasters.Upcast(
        type, schema_version, E::kSchemaVersion, std::string(payload));
    if (!bytes.ok()) {
      out = bytes.error();
      return true;
    }
    upcast = std::move(bytes).value();
    payload = upcast;
  }
  Result<E> event = DecodePayload<E>(payload);
  if (event.ok()) {
    out = Event(std::move(event).value());
  } else {
    out = event.error();
  }
  return true;
}

template <size_t... I>
Result<Event> DecodeAny(std::string_view type, uint32_t schema_version,
                        std::string_view payload,
                        const UpcasterRegistry& upcasters,
                        std::index_sequence<I...>) {
  std::optional<Result<Event>> out;
  (TryDecode<I>(type, schema_version, payload, upcasters, out) || ...);
  if (!out) {
    return Error::Make(ErrorCode::kCorruption,
                       "unknown event type " + std::string(type));
  }
  return std::move(*out);
}

}  // namespace

EncodedEvent EncodeEvent(const Event& event) {
  return std::visit(
      [&event](const auto& e) {
        using E = std::decay_t<decltype(e)>;
        return EncodedEvent{std::string(E::kType), E::kSchemaVersion,
                            EncodePayload(e), EventData(event).Serialize()};
      },
      event);
}

Result<Event> DecodeEvent(std::string_view type, uint32_t schema_version,
                          std::string_view payload,
                          const UpcasterRegistry& upcasters) {
  return DecodeAny(type, schema_version, payload, upcasters,
                   std::make_index_sequence<std::variant_size_v<Event>>());
}

Result<Event> DecodeEvent(std::string_view type, uint32_t schema_version,
                          std::string_view payload) {
  return DecodeEvent(type, schema_version, payload, BuiltinUpcasters());
}

}  // namespace keytrail
