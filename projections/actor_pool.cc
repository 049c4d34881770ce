#include "projections/actor_pool.h"

#include <memory>
#include <string>

namespace keytrail::projections {

const SharedActorId& ActorPool::Intern(std::string_view id) {
  if (auto it = ids_.find(id); it != ids_.end()) return it->second;
  auto pooled = std::make_shared<const std::string>(id);
  std::string_view key = *pooled;
  return ids_.emplace(key, std::move(pooled)).first->second;
}

}  // namespace keytrail::projections
