#include "domain/upcaster.h"

#include "domain/events.h"
#include "domain/payload.h"

namespace keytrail {

void UpcasterRegistry::Register(std::string type, uint32_t from_version,
                                Upcaster upcaster) {
  steps_[{std::move(type), from_version}] = std::move(upcaster);
}

Result<std::string> UpcasterRegistry::Upcast(std::string_view type,
                                             uint32_t from_version,
                                             uint32_t to_version,
                                             std::string payload) const {
  for (uint32_t version = from_version; version < to_version; ++version) {
    auto it = steps_.find(std::pair<std::string, uint32_t>(type, version));
    if (it == steps_.end()) {
      return Error::Make(ErrorCode::kCorruption, "no upcaster for " +
                                                     std::string(type) + " v" +
                                                     std::to_string(version));
    }
    Result<std::string> next = it->second(payload);
    if (!next.ok()) return next.error();
    payload = std::move(next).value();
  }
  return payload;
}

namespace {

// v1 -> v2 of the usage events: `node` (the node that saw the uses) added
// last; a v1 event was seen by an unnamed node. An empty string is appended
// to the payload (payload_archive.h: a size tag of 0); its JSON is unchanged
// (AsAddedLater in event_fields.h), so is its leaf hash.
Result<std::string> AppendEmptyNode(std::string_view payload) {
  std::string upcast(payload);
  upcast.append(EncodePayload(std::string()));
  return upcast;
}

UpcasterRegistry MakeBuiltinUpcasters() {
  UpcasterRegistry registry;
  for (std::string_view type : {TokenUsed::kType, TokenUseRejected::kType,
                                UnknownTokenRejected::kType}) {
    registry.Register(std::string(type), 1, AppendEmptyNode);
  }
  return registry;
}

}  // namespace

const UpcasterRegistry& BuiltinUpcasters() {
  static const UpcasterRegistry* const registry =
      new UpcasterRegistry(MakeBuiltinUpcasters());
  return *registry;
}

}  // namespace keytrail
