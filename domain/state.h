// The current state of each aggregate, as folded from its events. The same
// structs serve the domain's decisions and the projections' views: a
// projection is a map of these, fed by Evolve().
//
// `version` is the stream version (0-based) of the last event that changed
// the aggregate; for tokens it ignores usage events (TokenUsed,
// TokenUseRejected) and TokenRevealed, none of which changes the token's
// representation, so that they never invalidate an admin's ETag.
// `stream_version` is the version of the stream's last event of any kind:
// the expected version for the next append.
#ifndef KEYTRAIL_DOMAIN_STATE_H_
#define KEYTRAIL_DOMAIN_STATE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/out_of_line.h"
#include "base/sha256.h"
#include "base/time.h"
#include "domain/events.h"
#include "domain/types.h"

namespace keytrail {

// What every event carries besides its data.
struct EventMeta {
  uint64_t seq = 0;
  uint64_t version = 0;  // in its stream
  Micros time = 0;
  Actor actor;
  // ActorId(actor), shared; a caller folding many events sets it from a
  // pool so that states share one copy per actor. Null: Evolve() makes one.
  SharedActorId shared_actor_id;
};

// A webhook of the account (WebhookSubscribed); its secret is in the vault.
struct WebhookSubscription {
  std::string id;
  std::string url;
  std::vector<std::string> events;  // kinds, webhook_commands.h
  uint64_t subscribed_seq = 0;      // delivers events after this seq
  Micros created_at = 0;

  bool operator==(const WebhookSubscription&) const = default;
};

struct AccountState {
  std::string id;
  std::string name;
  Plan plan;
  AccountSettings settings;
  // The expiry policy (AccountExpiryPolicyChanged); nullopt: no maximum.
  std::optional<int64_t> max_token_ttl_days;
  // The prefix of new secrets (AccountTokenPrefixChanged); "" = "kt_".
  std::string token_prefix;
  std::vector<WebhookSubscription> webhooks;  // oldest first
  Micros created_at = 0;
  Micros updated_at = 0;
  uint64_t version = 0;
  uint64_t stream_version = 0;
};

struct GroupState {
  std::string id;
  std::string account_id;
  std::string name;
  GroupType type = GroupType::kApi;
  std::vector<std::string> permissions;
  // Every token taking permissions from the group verifies from these
  // (domain/ip_binding.h); empty: any IP.
  std::vector<std::string> bound_cidrs;
  // One bucket shared by every token taking permissions from the group.
  std::optional<RateLimit> rate_limit;
  bool deleted = false;
  Micros created_at = 0;
  Micros updated_at = 0;
  uint64_t version = 0;
  uint64_t stream_version = 0;
};

struct UserState {
  std::string id;
  std::string account_id;
  std::string email;
  std::string name;
  std::vector<std::string> groups;
  std::vector<std::string> licenses;
  bool active = true;
  Micros created_at = 0;
  Micros updated_at = 0;
  uint64_t version = 0;
  uint64_t stream_version = 0;
};

// The fields of a token that most tokens never set, kept out of line.
struct TokenRareFields {
  std::string description;
  std::string disabled_reason;  // set while status == kDisabled
  // The secret a regenerate with a grace period replaced, as a raw SHA-256
  // digest, while previous_valid_until is set.
  Sha256Digest previous_secret_sha256{};
  std::optional<Micros> previous_valid_until;
  // TokenPrefixAssigned: the prefix of the token's secrets ("" = "kt_") and
  // its environment ("live", "test" or "").
  std::string secret_prefix;
  std::string environment;
  // Canonical JSON of the token's metadata object; "" when none.
  std::string metadata;
  // The CIDRs the token verifies from (domain/ip_binding.h); empty: any.
  std::vector<std::string> bound_cidrs;
  // The token's rate limit, and the identity whose bucket it shares ("":
  // its own bucket).
  std::optional<RateLimit> rate_limit;
  std::string rate_identity;
  // Credits (domain/credits.h): the pool of uses no node holds, as of
  // `credits_period` (nullopt: unlimited); what nodes hold in leases of the
  // current generation and period; the refill; the stream version of the
  // TokenCreditsChanged they come from.
  std::optional<int64_t> credits;
  int64_t credits_leased = 0;
  std::optional<CreditRefill> credits_refill;
  uint64_t credits_version = 0;
  Micros credits_period = 0;
  // The last TokenExpiring: the expiry it warned of and its threshold in
  // days (0: none), so that each threshold is warned of once per expiry.
  Micros expiry_warned_for = 0;
  int64_t expiry_warned_within = 0;

  bool operator==(const TokenRareFields&) const = default;
};

// Memory: a million of these are held by the views (issue 7: under 1 GiB
// with the verification index); hence raw digests, the rare fields out of
// line and kind/status side by side.
struct TokenState {
  std::string id;
  std::string account_id;
  std::string name;
  TokenKind kind = TokenKind::kGroup;
  TokenStatus status = TokenStatus::kActive;
  std::vector<std::string> groups;
  std::string user_id;
  std::optional<Micros> expires_at;
  // The current secret as a raw SHA-256 digest (events carry it as hex).
  Sha256Digest secret_sha256{};
  std::string last4;
  OutOfLine<TokenRareFields> rare;
  Micros created_at = 0;
  SharedActorId created_by;  // acting user id, else the token id
  Micros updated_at = 0;
  SharedActorId updated_by;
  // Usage, from TokenUsed events (and live in memory between flushes).
  std::optional<Micros> last_used_at;
  std::string last_used_ip;
  int64_t use_count = 0;
  uint64_t version = 0;
  uint64_t stream_version = 0;
};

struct GrantState {
  std::string id;
  std::string account_id;  // the granting account
  std::string token_id;
  std::string token_account_id;
  std::vector<std::string> groups;
  bool removed = false;
  Micros created_at = 0;
  uint64_t version = 0;
  uint64_t stream_version = 0;
};

// Evolve*: fold one event of the aggregate's stream into its state. An event
// of another aggregate kind is ignored. Pure; never fails (events in the log
// were valid when written).
void Evolve(AccountState& state, const Event& event, const EventMeta& meta);
void Evolve(GroupState& state, const Event& event, const EventMeta& meta);
void Evolve(UserState& state, const Event& event, const EventMeta& meta);
void Evolve(TokenState& state, const Event& event, const EventMeta& meta);
void Evolve(GrantState& state, const Event& event, const EventMeta& meta);

// The status a reader sees at `now`: revoked, then disabled (own), then
// expired, then disabled with reason "plan" when `plan` lacks api_access.
struct EffectiveStatus {
  std::string status;           // "active" | "disabled" | "revoked" | "expired"
  std::string disabled_reason;  // "" unless status == "disabled"
};
EffectiveStatus EffectiveStatusOf(const TokenState& token, const Plan& plan,
                                  Micros now);

// Downgrade semantics (docs/api.md §3, Pingback): a plan without api_access
// does not write one event per token. The tokens keep their own status and read
// as disabled with reason "plan" through EffectiveStatusOf(); verification
// fails with PLAN_DISABLED. An upgrade therefore re-enables exactly the tokens
// that were active before the downgrade, and none that an admin disabled.

// Whether `token` has expired at `now` (expires_at <= now).
// The prefix of the token's secrets: "kt_" unless a TokenPrefixAssigned
// gave it another ("acme_live_").
std::string_view TokenSecretPrefix(const TokenState& token);

bool IsExpired(const TokenState& token, Micros now);
bool IsExpired(const std::optional<Micros>& expires_at, Micros now);

// Whether `token` counts against the plan's max_active_tokens: its own status
// is active and it has not expired.
bool CountsAsActive(const TokenState& token, Micros now);

}  // namespace keytrail

#endif  // KEYTRAIL_DOMAIN_STATE_H_
