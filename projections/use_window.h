// UseWindow: the uses a usage event of a token's timeline stands for —
// TokenUsed (successful verifications) or TokenUseRejected (refused ones) —
// read from its data: when they happened (first and last use), how many,
// from which IP, with which refusal code. A usage event is written when its
// aggregate is flushed, up to about a second after its uses, so its own
// time says nothing about when the token was used: a flush written after a
// revoke is not a use after the revoke. `after_revoke` compares the first
// use with the revoke time instead.
//
// Thread-safe (pure).
#ifndef KEYTRAIL_PROJECTIONS_USE_WINDOW_H_
#define KEYTRAIL_PROJECTIONS_USE_WINDOW_H_

#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <string>

#include "base/time.h"
#include "domain/state.h"
#include "projections/usage_projection.h"

namespace keytrail::projections {

struct UseWindow {
  Micros first_at = 0;
  Micros last_at = 0;
  int64_t count = 0;
  std::string ip;
  std::string code;  // "" for TokenUsed; the refusal code otherwise
  // The first use came at or after the token's revocation.
  bool after_revoke = false;
};

// When `token` was revoked: its last change (a revoked token changes no
// more), or nullopt while it is not revoked.
std::optional<Micros> RevokedAt(const TokenState& token);

// The use window of `entry`, or nullopt for an entry that is no usage event.
std::optional<UseWindow> UseWindowOf(const TimelineEntry& entry,
                                     std::optional<Micros> revoked_at);

// {"first_at", "last_at", "count", "ip", "code" (null for successful
// uses), "after_revoke"}.
boost::json::object UseWindowJson(const UseWindow& window);

}  // namespace keytrail::projections

#endif  // KEYTRAIL_PROJECTIONS_USE_WINDOW_H_
