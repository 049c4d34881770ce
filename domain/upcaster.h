// Upcasters: how keytrail reads events written under an older schema.
// Events are never rewritten (docs/api.md §7); instead, when an event's fields
// change, its kSchemaVersion goes up by one and an upcaster is registered
// that turns a payload of (type, old version) into a payload of
// (type, old version + 1). DecodeEvent() (event_codec.h) applies the chain
// old -> old+1 -> ... -> current before decoding, so the rest of keytrail
// only ever sees current events.
//
// Thread safety: a registry is a plain value; const methods may be called
// concurrently. BuiltinUpcasters() is built once and never changes.
#ifndef KEYTRAIL_DOMAIN_UPCASTER_H_
#define KEYTRAIL_DOMAIN_UPCASTER_H_

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>

#include "base/result.h"

namespace keytrail {

// Turns one payload into the payload of the next schema version. Returns
// kCorruption (e.g. from DecodePayload) when the old payload is bad.
using Upcaster = std::function<Result<std::string>(std::string_view payload)>;

class UpcasterRegistry {
 public:
  // Registers the step from `from_version` to `from_version + 1` for events
  // of `type`. A second registration of the same step replaces the first.
  void Register(std::string type, uint32_t from_version, Upcaster upcaster);

  // Upcasts `payload` of `type` from `from_version` to `to_version` step by
  // step. kCorruption when a step is missing or fails.
  Result<std::string> Upcast(std::string_view type, uint32_t from_version,
                             uint32_t to_version, std::string payload) const;

 private:
  std::map<std::pair<std::string, uint32_t>, Upcaster, std::less<>> steps_;
};

// The upcasters of keytrail's own schema history (upcaster.cc): TokenUsed,
// TokenUseRejected and UnknownTokenRejected v1 -> v2 (`node` added).
const UpcasterRegistry& BuiltinUpcasters();

}  // namespace keytrail

#endif  // KEYTRAIL_DOMAIN_UPCASTER_H_
