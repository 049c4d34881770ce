// EncodeEvent / DecodeEvent: the one way events become bytes for the event
// store and come back. The payload is cereal binary (payload_archive.h); the
// data_json is the canonical JSON of event_json.h, stored beside it for the
// audit log and its leaf hash.
//
// DecodeEvent() is a trust boundary: it never throws and never crashes on
// arbitrary bytes, and refuses lengths past the end of the payload. Older
// schema versions are upcast (upcaster.h) before decoding.
#ifndef KEYTRAIL_DOMAIN_EVENT_CODEC_H_
#define KEYTRAIL_DOMAIN_EVENT_CODEC_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "domain/events.h"
#include "base/result.h"
#include "domain/upcaster.h"

namespace keytrail {

struct EncodedEvent {
  std::string type;             // e.g. "TokenCreated"
  uint32_t schema_version = 0;  // the event's kSchemaVersion
  std::string payload;          // cereal binary
  std::string data_json;        // EventData(event).Serialize()
};

EncodedEvent EncodeEvent(const Event& event);

// Decodes a payload of `type` written at `schema_version`, upcasting it first
// with `upcasters` when it is older than the current version. kCorruption
// for an unknown type, a version newer than this build knows, a missing
// upcaster or bad bytes.
Result<Event> DecodeEvent(std::string_view type, uint32_t schema_version,
                          std::string_view payload,
                          const UpcasterRegistry& upcasters);

// Same, with BuiltinUpcasters().
Result<Event> DecodeEvent(std::string_view type, uint32_t schema_version,
                          std::string_view payload);

// DecodeEvent() over `*event`: when `*event` already holds an event of
// `type`, its strings and vectors keep their buffers, so a loop decoding
// into the same Events (a replay) allocates little for same-typed events.
// On error `*event` holds some valid but unspecified event.
Status DecodeEventInto(std::string_view type, uint32_t schema_version,
                       std::string_view payload,
                       const UpcasterRegistry& upcasters, Event* event);

}  // namespace keytrail

#endif  // KEYTRAIL_DOMAIN_EVENT_CODEC_H_
