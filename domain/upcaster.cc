#include "domain/upcaster.h"

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

const UpcasterRegistry& BuiltinUpcasters() {
  static const UpcasterRegistry* const registry = new UpcasterRegistry();
  return *registry;
}

}  // namespace keytrail
