// The events of the log (docs/api.md, "Events"). Each event is a plain
// struct with:
//   kType           its type name in the log and the audit export;
//   kSchemaVersion  bumped on every change of fields (old payloads are
//                   upcast on read, see event_codec.h);
//   kAggregate      the aggregate whose stream it is appended to (its id is
//                   the field named after it: token_id, group_id, ...);
//   kRole           what it does to that aggregate (EventRole);
//   fields in snake_case, listed once in event_fields.h, which give both its
//                   cereal binary payload (payload.h, event_codec.h) and the
//                   keys of its canonical JSON `data` object (event_json.h).
// Events never hold a secret: token events carry the SHA-256 (hex) of the
// secret and its last four characters only.
//
// Optional values are empty strings / nullopt; they render as JSON null.
// Events compare equal field by field (operator==).
#ifndef KEYTRAIL_DOMAIN_EVENTS_H_
#define KEYTRAIL_DOMAIN_EVENTS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include "base/time.h"
#include "domain/types.h"

namespace keytrail {

// The aggregate an event belongs to. kSystem: the `_system` stream, no
// state (UnknownTokenRejected). kSession: an admin console session, folded
// by the console's session projection only (projections/console_sessions.h),
// never by the views.
enum class Aggregate {
  kSystem,
  kAccount,
  kGroup,
  kUser,
  kToken,
  kGrant,
  kSession
};

// What an event does to its aggregate. Everything that treats events by kind
// (streams, expected versions, the views' fold, the verification index)
// derives its decision from this and kAggregate, never from a list of types.
enum class EventRole {
  kCreates,  // creates the aggregate: appended expecting no stream
  kChanges,  // changes the aggregate: appended expecting its exact version
  kRecords,  // recorded against the aggregate (expecting its exact version)
             // but changes nothing a verification reads, nor the aggregate's
             // version (ETag); credit leases move only the token's pool
  kUsage,    // usage figures: no command guards it, appended at any version
};

#define KEYTRAIL_EVENT(name, version, aggregate, role)          \
  static constexpr std::string_view kType = #name;              \
  static constexpr uint32_t kSchemaVersion = version;           \
  static constexpr Aggregate kAggregate = Aggregate::aggregate; \
  static constexpr EventRole kRole = EventRole::role;           \
  bool operator==(const name&) const = default

struct AccountCreated {
  KEYTRAIL_EVENT(AccountCreated, 1, kAccount, kCreates);
  std::string account_id;
  std::string name;
  Plan plan;
  AccountSettings settings;
};

struct AccountPlanChanged {
  KEYTRAIL_EVENT(AccountPlanChanged, 1, kAccount, kChanges);
  std::string account_id;
  Plan plan;
};

struct AccountSettingsChanged {
  KEYTRAIL_EVENT(AccountSettingsChanged, 1, kAccount, kChanges);
  std::string account_id;
  AccountSettings settings;
};

// The account's expiry policy (GitHub organisations' maximum lifetime of a
// personal access token): tokens created, regenerated, updated or extended
// from now on must expire within max_token_ttl_days of that moment.
// nullopt: no maximum. Tokens already issued are not changed.
struct AccountExpiryPolicyChanged {
  KEYTRAIL_EVENT(AccountExpiryPolicyChanged, 1, kAccount, kChanges);
  std::string account_id;
  std::optional<int64_t> max_token_ttl_days;
};

// The prefix of the account's new secrets (docs/api.md "Prefixes"), e.g.
// "acme_"; "" for the default "kt_". Issued secrets keep theirs.
struct AccountTokenPrefixChanged {
  KEYTRAIL_EVENT(AccountTokenPrefixChanged, 1, kAccount, kChanges);
  std::string account_id;
  std::string token_prefix;
};

// The account subscribes `url` to `events` (domain/webhook_commands.h
// lists the kinds). The signing secret is kept in the vault, never here.
struct WebhookSubscribed {
  KEYTRAIL_EVENT(WebhookSubscribed, 1, kAccount, kChanges);
  std::string account_id;
  std::string webhook_id;
  std::string url;
  std::vector<std::string> events;
};

struct WebhookUnsubscribed {
  KEYTRAIL_EVENT(WebhookUnsubscribed, 1, kAccount, kChanges);
  std::string account_id;
  std::string webhook_id;
};

struct GroupCreated {
  KEYTRAIL_EVENT(GroupCreated, 1, kGroup, kCreates);
  std::string group_id;
  std::string account_id;
  std::string name;
  GroupType type = GroupType::kApi;
  std::vector<std::string> permissions;
};

struct GroupUpdated {
  KEYTRAIL_EVENT(GroupUpdated, 1, kGroup, kChanges);
  std::string group_id;
  std::string account_id;
  std::string name;
  std::vector<std::string> permissions;
};

struct GroupDeleted {
  KEYTRAIL_EVENT(GroupDeleted, 1, kGroup, kChanges);
  std::string group_id;
  std::string account_id;
};

// The CIDRs every token taking permissions from the group verifies from;
// empty: any IP.
struct GroupBoundCidrsChanged {
  KEYTRAIL_EVENT(GroupBoundCidrsChanged, 1, kGroup, kChanges);
  std::string group_id;
  std::string account_id;
  std::vector<std::string> bound_cidrs;
};

// The group's rate limit: one bucket shared by every token taking
// permissions from the group; nullopt: none.
struct GroupRateLimitChanged {
  KEYTRAIL_EVENT(GroupRateLimitChanged, 1, kGroup, kChanges);
  std::string group_id;
  std::string account_id;
  std::optional<RateLimit> rate_limit;
};

struct UserCreated {
  KEYTRAIL_EVENT(UserCreated, 1, kUser, kCreates);
  std::string user_id;
  std::string account_id;
  std::string email;
  std::string name;
  std::vector<std::string> groups;
  std::vector<std::string> licenses;
};

struct UserUpdated {
  KEYTRAIL_EVENT(UserUpdated, 1, kUser, kChanges);
  std::string user_id;
  std::string account_id;
  std::string name;
  std::vector<std::string> groups;
  std::vector<std::string> licenses;
};

struct UserDeactivated {
  KEYTRAIL_EVENT(UserDeactivated, 1, kUser, kChanges);
  std::string user_id;
  std::string account_id;
};

struct UserActivated {
  KEYTRAIL_EVENT(UserActivated, 1, kUser, kChanges);
  std::string user_id;
  std::string account_id;
};

struct TokenCreated {
  KEYTRAIL_EVENT(TokenCreated, 1, kToken, kCreates);
  std::string token_id;
  std::string account_id;
  std::string name;
  std::string description;
  TokenKind kind = TokenKind::kGroup;
  std::vector<std::string> groups;  // kGroup: api groups
  std::string user_id;              // kPersonal: the owner
  std::optional<Micros> expires_at;
  std::string secret_sha256;  // hex of SHA-256(secret)
  std::string last4;          // last four characters of the secret
};

// Appended with TokenCreated (same batch) when the token's secrets have
// another prefix than "kt_": the account's prefix and the environment, e.g.
// "acme_live_". Its secrets, regenerated ones too, keep this prefix.
struct TokenPrefixAssigned {
  KEYTRAIL_EVENT(TokenPrefixAssigned, 1, kToken, kChanges);
  std::string token_id;
  std::string account_id;
  std::string secret_prefix;
  std::string environment;  // "live" | "test" | "" (none)
};

// Carries the token's fields after the change (all of them, changed or not).
struct TokenUpdated {
  KEYTRAIL_EVENT(TokenUpdated, 1, kToken, kChanges);
  std::string token_id;
  std::string account_id;
  std::string name;
  std::string description;
  std::optional<Micros> expires_at;
  std::vector<std::string> groups;
};

struct TokenRegenerated {
  KEYTRAIL_EVENT(TokenRegenerated, 1, kToken, kChanges);
  std::string token_id;
  std::string account_id;
  std::string secret_sha256;  // the new secret's hash
  std::string last4;
  // When set, the previous secret keeps verifying until this time
  // (regenerate with grace_seconds > 0); when empty it dies at once.
  std::optional<Micros> previous_valid_until;
};

// The token's expiry moved later (:extend, VTEX's renewal of a key).
struct TokenExpiryExtended {
  KEYTRAIL_EVENT(TokenExpiryExtended, 1, kToken, kChanges);
  std::string token_id;
  std::string account_id;
  Micros expires_at = 0;  // the new expiry
};

// The token's metadata (docs/api.md §3 "Metadata"): a JSON object that
// verification hands to the caller, in canonical form (RFC 8785), at most
// kMaxMetadataBytes; "" when the token has none.
struct TokenMetadataChanged {
  KEYTRAIL_EVENT(TokenMetadataChanged, 1, kToken, kChanges);
  std::string token_id;
  std::string account_id;
  std::string metadata;
};

// The CIDRs the token verifies from (docs/api.md §4 "IP binding"); empty:
// any IP. Canonical text, sorted (domain/ip_binding.h).
struct TokenBoundCidrsChanged {
  KEYTRAIL_EVENT(TokenBoundCidrsChanged, 1, kToken, kChanges);
  std::string token_id;
  std::string account_id;
  std::vector<std::string> bound_cidrs;
};

// The token's own rate limit (docs/api.md "Rate limits"); nullopt: none.
// With `identity` set, the bucket is the identity's, shared by every token
// of the account naming it; else the token's own.
struct TokenRateLimitChanged {
  KEYTRAIL_EVENT(TokenRateLimitChanged, 1, kToken, kChanges);
  std::string token_id;
  std::string account_id;
  std::optional<RateLimit> rate_limit;
  std::string identity;
};

// The token's credits (docs/api.md "Credits"): `remaining` uses from now
// on (nullopt: unlimited, and no refill), reset to refill->amount at each
// refill boundary. Credits leased before this event are void (their
// returns are ignored).
struct TokenCreditsChanged {
  KEYTRAIL_EVENT(TokenCreditsChanged, 1, kToken, kChanges);
  std::string token_id;
  std::string account_id;
  std::optional<int64_t> remaining;
  std::optional<CreditRefill> refill;
};

// A node took `amount` of the token's credits into its lease `lease_id`
// (app/credit_leases.h); appended expecting the token's exact stream
// version, so two nodes never take the same credits. `credits_version` is
// the stream version of the TokenCreditsChanged the credits come from,
// `period` the start of the refill period they belong to (null: no refill);
// a lease is void once either moved on. Uses spent from a lease are
// counted by TokenUsed as any other.
struct CreditsLeased {
  KEYTRAIL_EVENT(CreditsLeased, 1, kToken, kRecords);
  std::string token_id;
  std::string account_id;
  std::string lease_id;
  std::string node;
  int64_t amount = 0;
  int64_t credits_version = 0;
  std::optional<Micros> period = {};
};

// A node gave back the `amount` credits of lease `lease_id` it did not
// use (on shutdown or when the lease sat idle). Ignored by the fold when
// the lease is void (see CreditsLeased).
struct CreditsReturned {
  KEYTRAIL_EVENT(CreditsReturned, 1, kToken, kRecords);
  std::string token_id;
  std::string account_id;
  std::string lease_id;
  std::string node;
  int64_t amount = 0;
  int64_t credits_version = 0;
  std::optional<Micros> period = {};
};

struct TokenRevealed {
  KEYTRAIL_EVENT(TokenRevealed, 1, kToken, kRecords);
  std::string token_id;
  std::string account_id;
};

// A secret of the token was looked up (POST /v1/tokens:lookup, the
// leaked-secret lookup of incident response) by the event's actor (whose
// meta holds the caller's IP); `secret_role` says which of its secrets
// matched ("current", "previous" or "retired"). The secret itself is never
// recorded.
struct TokenLookedUp {
  KEYTRAIL_EVENT(TokenLookedUp, 1, kToken, kRecords);
  std::string token_id;
  std::string account_id;
  std::string secret_role;
};

// The token, active, expires within `within_days` (30, 7 or 1) days: the
// warning a `token.expiring` webhook delivers, appended once per threshold
// and expiry by the node that delivers webhooks (app/expiry_warnings.h).
struct TokenExpiring {
  KEYTRAIL_EVENT(TokenExpiring, 1, kToken, kRecords);
  std::string token_id;
  std::string account_id;
  Micros expires_at = 0;
  int64_t within_days = 0;
};

struct TokenDisabled {
  KEYTRAIL_EVENT(TokenDisabled, 1, kToken, kChanges);
  std::string token_id;
  std::string account_id;
  std::string reason;  // "manual" for an admin's :disable
};

struct TokenEnabled {
  KEYTRAIL_EVENT(TokenEnabled, 1, kToken, kChanges);
  std::string token_id;
  std::string account_id;
};

struct TokenRevoked {
  KEYTRAIL_EVENT(TokenRevoked, 1, kToken, kChanges);
  std::string token_id;
  std::string account_id;
};

// Successful verifications of one token from one client IP, aggregated over
// at most one second.
struct TokenUsed {
  KEYTRAIL_EVENT(TokenUsed, 2, kToken, kUsage);
  std::string token_id;
  std::string account_id;
  std::string ip;
  int64_t count = 0;
  Micros first_at = 0;
  Micros last_at = 0;
  std::string node;  // the node that saw the uses ("": unnamed; v2)
};

// Rejected verifications of a known token, per (code, client IP).
struct TokenUseRejected {
  KEYTRAIL_EVENT(TokenUseRejected, 2, kToken, kUsage);
  std::string token_id;
  std::string account_id;
  std::string code;  // "REVOKED", "DISABLED", ...
  std::string ip;
  int64_t count = 0;
  Micros first_at = 0;
  Micros last_at = 0;
  std::string node;  // the node that saw the uses ("": unnamed; v2)
};

// Verifications with a secret that matches no token, per client IP; stored
// in the `_system` stream.
struct UnknownTokenRejected {
  KEYTRAIL_EVENT(UnknownTokenRejected, 2, kSystem, kUsage);
  std::string ip;
  int64_t count = 0;
  Micros first_at = 0;
  Micros last_at = 0;
  std::string node;  // the node that saw the uses ("": unnamed; v2)
};

// Account `account_id` lets token `token_id` of account `token_account_id`
// act in it with the permissions of `groups` (groups of `account_id`).
struct GrantAdded {
  KEYTRAIL_EVENT(GrantAdded, 1, kGrant, kCreates);
  std::string grant_id;
  std::string account_id;
  std::string token_id;
  std::string token_account_id;
  std::vector<std::string> groups;
};

struct GrantRemoved {
  KEYTRAIL_EVENT(GrantRemoved, 1, kGrant, kChanges);
  std::string grant_id;
  std::string account_id;
};

// The admin console's sessions (docs/console.md). A session stands for the
// token whose secret was pasted at sign-in; its events hold the SHA-256 of
// the session secret (the cookie) and of the token secret, never either
// secret itself.
struct ConsoleSignedIn {
  KEYTRAIL_EVENT(ConsoleSignedIn, 1, kSession, kCreates);
  std::string session_id;
  std::string account_id;  // the token's account
  std::string token_id;
  std::string user_id;              // a personal token's owner
  std::string session_sha256;       // hex of SHA-256(session secret)
  std::string token_secret_sha256;  // hex of SHA-256(the pasted secret)
  Micros expires_at = 0;            // absolute end of the session
  int64_t idle_seconds = 0;         // ends after this long without use
};

// The session was used: its idle deadline moves to the event's time +
// idle_seconds. Written at most once per quarter of the idle timeout.
struct ConsoleSessionTouched {
  KEYTRAIL_EVENT(ConsoleSessionTouched, 1, kSession, kUsage);
  std::string session_id;
  std::string account_id;
};

struct ConsoleSignedOut {
  KEYTRAIL_EVENT(ConsoleSignedOut, 1, kSession, kChanges);
  std::string session_id;
  std::string account_id;
  std::string reason;  // "sign_out"
};

// A console sign-in refused: `reason` is the verification code of the
// pasted token ("NOT_FOUND", "MALFORMED", "REVOKED", ...); `token_account_id`
// the token's account when the token is known, else "_system". In the
// `_system` stream, like UnknownTokenRejected; at most 10 a minute per client
// address are logged.
struct ConsoleSignInFailed {
  KEYTRAIL_EVENT(ConsoleSignInFailed, 1, kSystem, kUsage);
  std::string token_account_id;
  std::string reason;
};

#undef KEYTRAIL_EVENT

using Event = std::variant<
    AccountCreated, AccountPlanChanged, AccountSettingsChanged,
    AccountExpiryPolicyChanged, AccountTokenPrefixChanged, WebhookSubscribed,
    WebhookUnsubscribed, GroupCreated, GroupUpdated, GroupDeleted,
    GroupBoundCidrsChanged, GroupRateLimitChanged, UserCreated, UserUpdated,
    UserDeactivated, UserActivated, TokenCreated, TokenPrefixAssigned,
    TokenUpdated, TokenRegenerated, TokenExpiryExtended, TokenMetadataChanged,
    TokenBoundCidrsChanged, TokenRateLimitChanged, TokenCreditsChanged,
    CreditsLeased, CreditsReturned, TokenRevealed, TokenLookedUp, TokenExpiring,
    TokenDisabled, TokenEnabled, TokenRevoked, TokenUsed, TokenUseRejected,
    UnknownTokenRejected, GrantAdded, GrantRemoved, ConsoleSignedIn,
    ConsoleSessionTouched, ConsoleSignedOut, ConsoleSignInFailed>;

// The id of the aggregate `e` belongs to (kSystemAccount for kSystem).
template <typename E>
const std::string& AggregateIdOf(const E& e) {
  if constexpr (E::kAggregate == Aggregate::kAccount) {
    return e.account_id;
  } else if constexpr (E::kAggregate == Aggregate::kGroup) {
    return e.group_id;
  } else if constexpr (E::kAggregate == Aggregate::kUser) {
    return e.user_id;
  } else if constexpr (E::kAggregate == Aggregate::kToken) {
    return e.token_id;
  } else if constexpr (E::kAggregate == Aggregate::kGrant) {
    return e.grant_id;
  } else if constexpr (E::kAggregate == Aggregate::kSession) {
    return e.session_id;
  } else {
    static_assert(E::kAggregate == Aggregate::kSystem);
    static const std::string kSystem(kSystemAccount);
    return kSystem;
  }
}

// Calls `handlers(e)` when `event` belongs to aggregate `kOf` and returns
// true; returns false for any other event. `handlers` must accept every
// event type of `kOf` (no catch-all): an event added to that aggregate and
// left out of a fold fails the build here instead of being skipped.
template <Aggregate kOf, typename Handlers>
bool VisitEventsOf(const Event& event, Handlers&& handlers) {
  return std::visit(
      [&](const auto& e) {
        using E = std::decay_t<decltype(e)>;
        if constexpr (E::kAggregate == kOf) {
          static_assert(std::is_invocable_v<Handlers&, const E&>,
                        "a fold does not handle an event of its aggregate");
          handlers(e);
          return true;
        } else {
          return false;
        }
      },
      event);
}

// The type names of every event, in the order of Event's alternatives.
std::vector<std::string_view> EventTypeNames();

// The type name of `event`, e.g. "TokenCreated".
std::string_view EventType(const Event& event);

// The stream `event` belongs to: "account-acme", "group-grp_…",
// "user-usr_…", "token-tok_…", "grant-grt_…", "session-cs_…" or "_system".
std::string StreamOf(const Event& event);

// The account whose audit view includes `event` ("_system" for
// UnknownTokenRejected).
std::string AccountOf(const Event& event);

}  // namespace keytrail

#endif  // KEYTRAIL_DOMAIN_EVENTS_H_
