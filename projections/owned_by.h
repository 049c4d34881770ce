// OwnedBy: account isolation on the views, for the API's reads and the
// application's commands alike. An aggregate of another account, and one
// that is gone from the API (a deleted group, a removed grant, whose state
// stays in the views for the log's sake), answer exactly like a missing
// one: NOT_FOUND "no such <noun>".
#ifndef KEYTRAIL_PROJECTIONS_OWNED_BY_H_
#define KEYTRAIL_PROJECTIONS_OWNED_BY_H_

#include <string>
#include <string_view>

#include "base/result.h"
#include "domain/state.h"

namespace keytrail::projections {

inline bool IsGone(const GroupState& group) { return group.deleted; }
inline bool IsGone(const GrantState& grant) { return grant.removed; }
inline bool IsGone(const UserState&) { return false; }
inline bool IsGone(const TokenState&) { return false; }

// `state` when it is of `account_id` and not gone; otherwise NOT_FOUND.
template <typename State>
Result<const State*> OwnedBy(const State* state, std::string_view account_id,
                             std::string_view noun) {
  if (state == nullptr || state->account_id != account_id || IsGone(*state)) {
    return Error::Make(ErrorCode::kNotFound, "no such " + std::string(noun));
  }
  return state;
}

}  // namespace keytrail::projections

#endif  // KEYTRAIL_PROJECTIONS_OWNED_BY_H_
