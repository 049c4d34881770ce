// ActorPool: one shared copy of each actor id (created_by / updated_by) the
// Views hold, so that a million tokens created by one admin share one
// string instead of holding two copies each (issue 7's memory budget).
//
// Ids are never dropped: there are as many as there are users and tokens
// that ever acted, a small number next to the tokens that record them.
// Copies share the pooled strings.
//
// Thread safety: none; concurrent const calls are safe.
#ifndef KEYTRAIL_PROJECTIONS_ACTOR_POOL_H_
#define KEYTRAIL_PROJECTIONS_ACTOR_POOL_H_

#include <functional>
#include <string_view>
#include <unordered_map>

#include "base/string_hash.h"
#include "domain/types.h"

namespace keytrail::projections {

class ActorPool {
 public:
  // The pooled copy of `id`, added on first sight.
  const SharedActorId& Intern(std::string_view id);
  size_t size() const { return ids_.size(); }

 private:
  // Keys view the strings their values own.
  std::unordered_map<std::string_view, SharedActorId, NoexceptStringHash,
                     std::equal_to<>>
      ids_;
};

}  // namespace keytrail::projections

#endif  // KEYTRAIL_PROJECTIONS_ACTOR_POOL_H_
