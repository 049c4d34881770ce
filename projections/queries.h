// The read side's query and answer types: what a list of tokens can be
// filtered and sorted by, and what the derived indexes of Views answer.
//
// Thread safety: plain values; intentionally copyable.
#ifndef KEYTRAIL_PROJECTIONS_QUERIES_H_
#define KEYTRAIL_PROJECTIONS_QUERIES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/state.h"
#include "base/time.h"
#include "projections/cursor.h"

namespace keytrail::projections {

enum class TokenSort { kName, kCreatedAt, kUpdatedAt, kLastUsedAt };

// "name" | "created_at" | "updated_at" | "last_used_at"; nullopt otherwise.
std::optional<TokenSort> ParseTokenSort(std::string_view text);
std::string_view ToString(TokenSort sort);
// "asc" | "desc"; nullopt otherwise.
std::optional<SortOrder> ParseSortOrder(std::string_view text);
std::string_view ToString(SortOrder order);

// GET /tokens (docs/api.md §3). Empty strings and nullopt mean "any".
struct TokenQuery {
  std::string account_id;  // REQUIRES: not empty
  // Case-insensitive substring of name or description.
  std::string q;
  // The effective status at `now`: "active" | "disabled" | "revoked" |
  // "expired". Empty: every status but "revoked" (revoked tokens are listed
  // only when asked for).
  std::string status;
  std::string group_id;                    // tokens bound to this group
  std::string user_id;                     // personal tokens of this user
  std::optional<Micros> updated_since;     // updated_at >= updated_since
  TokenSort sort = TokenSort::kCreatedAt;  // Default: created_at
  SortOrder order = SortOrder::kAsc;       // Default: asc
  Micros now = 0;  // the time effective statuses are computed at
  PageRequest page;
};

// Who is bound to a group; a group in use cannot be deleted (GROUP_IN_USE).
struct GroupUsage {
  int64_t tokens = 0;  // tokens, other than revoked ones, bound to it
  int64_t users = 0;   // users holding it (active or not)
  int64_t grants = 0;  // grants, other than removed ones, giving it
  bool in_use() const { return tokens > 0 || users > 0 || grants > 0; }
};

// How a secret's SHA-256 matched a token.
enum class SecretRole {
  kCurrent,   // the token's current secret
  kPrevious,  // the secret before a regenerate, inside its grace period
  kRetired,   // a secret the token had before (regenerated; grace over)
};

struct SecretMatch {
  const TokenState* token = nullptr;  // never null in a returned match
  SecretRole role = SecretRole::kCurrent;
};

// The events appended under one Idempotency-Key.
struct IdempotencyRecord {
  std::string stream;
  uint64_t first_seq = 0;
  uint64_t last_seq = 0;
  Micros time = 0;  // of the first event
};

// How long an Idempotency-Key is remembered (docs/api.md §6: 24 h).
inline constexpr Micros kIdempotencyWindow = 24 * 3600 * kMicrosPerSecond;

}  // namespace keytrail::projections

#endif  // KEYTRAIL_PROJECTIONS_QUERIES_H_
