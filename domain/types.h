// Small value types shared by commands, events and state (docs/api.md §1-§3).
// All intentionally copyable; all cereal-serializable (see event_codec.cc).
#ifndef KEYTRAIL_DOMAIN_TYPES_H_
#define KEYTRAIL_DOMAIN_TYPES_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace keytrail {

// The reserved account of the operator (docs/api.md §1).
inline constexpr std::string_view kSystemAccount = "_system";

// An account's plan. Without api_access every token of the account fails
// verification with PLAN_DISABLED and shows as disabled with reason "plan";
// max_active_tokens (when set) caps active tokens (Pingback: 1 key, paid
// plans only).
struct Plan {
  std::string name = "default";
  bool api_access = true;
  std::optional<int64_t> max_active_tokens;  // nullopt: unlimited

  bool operator==(const Plan&) const = default;
};

// A token bucket (docs/api.md "Rate limits"): at most `limit` calls at
// once, refilled continuously at `limit` calls per `window_ms`. Bounds and
// arithmetic: domain/rate_limit.h.
struct RateLimit {
  int64_t limit = 0;
  int64_t window_ms = 0;

  bool operator==(const RateLimit&) const = default;
};

// A token's credit refill (docs/api.md "Credits"): at the start of each UTC
// day ("daily") or month ("monthly") the token's remaining credits are
// reset to `amount`. Bounds and arithmetic: domain/credits.h.
struct CreditRefill {
  int64_t amount = 0;
  std::string interval = {};  // "daily" | "monthly"

  bool operator==(const CreditRefill&) const = default;
};

enum class SecretVisibility { kOnce, kRevealable };

struct AccountSettings {
  std::optional<int64_t> default_token_ttl_days;  // VTEX default duration
  SecretVisibility secret_visibility = SecretVisibility::kOnce;

  bool operator==(const AccountSettings&) const = default;
};

// Apresenta.me: group tokens bind groups of type api; users hold user groups.
enum class GroupType { kApi, kUser };

enum class TokenKind { kGroup, kPersonal };

// A token's own status. "expired" is derived from expires_at and "disabled"
// with reason "plan" from the account's plan; neither is stored.
enum class TokenStatus { kActive, kDisabled, kRevoked };

// Who did something: the authenticating token, the acting user (Acting-User
// or the owner of a personal token) and the client IP. Empty = unknown.
struct Actor {
  std::string token_id;
  std::string user_id;
  std::string ip;
};

std::string_view ToString(SecretVisibility value);  // "once" | "revealable"
std::string_view ToString(GroupType value);         // "api" | "user"
std::string_view ToString(TokenKind value);         // "group" | "personal"
std::string_view ToString(TokenStatus value);  // "active"|"disabled"|"revoked"
std::optional<SecretVisibility> ParseSecretVisibility(std::string_view text);
std::optional<GroupType> ParseGroupType(std::string_view text);
std::optional<TokenKind> ParseTokenKind(std::string_view text);
std::optional<TokenStatus> ParseTokenStatus(std::string_view text);

// The actor token of what keytrail does on its own behalf, for no caller:
// the first start's operator bootstrap and `keytrail operator-token
// --rotate` record Actor{kSystemActorToken, "", ""}. No token id has this
// form (ids are "tok_..."), so it cannot be mistaken for a token.
inline constexpr std::string_view kSystemActorToken = "system";

// Who is recorded as created_by / updated_by: the acting user when there is
// one, else the authenticating token.
const std::string& ActorId(const Actor& actor);

// An actor id as states hold it: immutable and shared, so that a million
// tokens created by one admin hold one copy of its id (EventMeta::
// shared_actor_id). Null reads as "".
using SharedActorId = std::shared_ptr<const std::string>;
const std::string& ActorIdText(const SharedActorId& id);

}  // namespace keytrail

#endif  // KEYTRAIL_DOMAIN_TYPES_H_
