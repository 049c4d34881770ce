// Payload byte format: see payload_archive.h (cereal binary, fields in the
// order of event_fields.h). The event's type and schema version are stored
// by the event store beside the payload, not inside it.
#include "domain/event_codec.h"

#include <utility>

#include "domain/event_json.h"
#include "domain/payload.h"

namespace keytrail {
namespace {

// Decodes `payload` as alternative `I` of Event into `*event` if its kType
// is `type`.
template <size_t I>
bool TryDecode(std::string_view type, uint32_t schema_version,
               std::string_view payload, const UpcasterRegistry& upcasters,
               Event* event, Status& out) {
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
  E* into = std::get_if<E>(event);
  if (into == nullptr) into = &event->template emplace<E>();
  out = DecodePayloadInto(payload, into);
  return true;
}

template <size_t... I>
Status DecodeAny(std::string_view type, uint32_t schema_version,
                 std::string_view payload, const UpcasterRegistry& upcasters,
                 Event* event, std::index_sequence<I...>) {
  Status out = OkStatus();
  if (!(TryDecode<I>(type, schema_version, payload, upcasters, event, out) ||
        ...)) {
    return Error::Make(ErrorCode::kCorruption,
                       "unknown event type " + std::string(type));
  }
  return out;
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
  Event event;
  Status decoded =
      DecodeEventInto(type, schema_version, payload, upcasters, &event);
  if (!decoded.ok()) return decoded.error();
  return event;
}

Result<Event> DecodeEvent(std::string_view type, uint32_t schema_version,
                          std::string_view payload) {
  return DecodeEvent(type, schema_version, payload, BuiltinUpcasters());
}

Status DecodeEventInto(std::string_view type, uint32_t schema_version,
                       std::string_view payload,
                       const UpcasterRegistry& upcasters, Event* event) {
  return DecodeAny(type, schema_version, payload, upcasters, event,
                   std::make_index_sequence<std::variant_size_v<Event>>());
}

}  // namespace keytrail
