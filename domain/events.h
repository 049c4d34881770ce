// The events of the log (docs/api.md §7). Each event is a plain struct with:
//   kType           its type name in the log and the audit export;
//   kSchemaVersion  bumped on every change of fields (old payloads are
//                   upcast on read, see event_codec.h);
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

#define KEYTRAIL_EVENT(name, version)                 \
  static constexpr std::string_view kType = #name;    \
  static constexpr uint32_t kSchemaVersion = version; \
  bool operator==(const name&) const = default

struct AccountCreated {
  KEYTRAIL_EVENT(AccountCreated, 1);
  std::string account_id;
  std::string name;
  Plan plan;
  AccountSettings settings;
};

struct AccountPlanChanged {
  KEYTRAIL_EVENT(AccountPlanChanged, 1);
  std::string account_id;
  Plan plan;
};

struct AccountSettingsChanged {
  KEYTRAIL_EVENT(AccountSettingsChanged, 1);
  std::string account_id;
  AccountSettings settings;
};

struct GroupCreated {
  KEYTRAIL_EVENT(GroupCreated, 1);
  std::string group_id;
  std::string account_id;
  std::string name;
  GroupType type = GroupType::kApi;
  std::vector<std::string> permissions;
};

struct GroupUpdated {
  KEYTRAIL_EVENT(GroupUpdated, 1);
  std::string group_id;
  std::string account_id;
  std::string name;
  std::vector<std::string> permissions;
};

struct GroupDeleted {
  KEYTRAIL_EVENT(GroupDeleted, 1);
  std::string group_id;
  std::string account_id;
};

struct UserCreated {
  KEYTRAIL_EVENT(UserCreated, 1);
  std::string user_id;
  std::string account_id;
  std::string email;
  std::string name;
  std::vector<std::string> groups;
  std::vector<std::string> licenses;
};

struct UserUpdated {
  KEYTRAIL_EVENT(UserUpdated, 1);
  std::string user_id;
  std::string account_id;
  std::string name;
  std::vector<std::string> groups;
  std::vector<std::string> licenses;
};

struct UserDeactivated {
  KEYTRAIL_EVENT(UserDeactivated, 1);
  std::string user_id;
  std::string account_id;
};

struct UserActivated {
  KEYTRAIL_EVENT(UserActivated, 1);
  std::string user_id;
  std::string account_id;
};

struct TokenCreated {
  KEYTRAIL_EVENT(TokenCreated, 1);
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

// Carries the token's fields after the change (all of them, changed or not).
struct TokenUpdated {
  KEYTRAIL_EVENT(TokenUpdated, 1);
  std::string token_id;
  std::string account_id;
  std::string name;
  std::string description;
  std::optional<Micros> expires_at;
  std::vector<std::string> groups;
};

struct TokenRegenerated {
  KEYTRAIL_EVENT(TokenRegenerated, 1);
  std::string token_id;
  std::string account_id;
  std::string secret_sha256;  // the new secret's hash
  std::string last4;
  // When set, the previous secret keeps verifying until this time
  // (regenerate with grace_seconds > 0); when empty it dies at once.
  std::optional<Micros> previous_valid_until;
};

struct TokenRevealed {
  KEYTRAIL_EVENT(TokenRevealed, 1);
  std::string token_id;
  std::string account_id;
};

struct TokenDisabled {
  KEYTRAIL_EVENT(TokenDisabled, 1);
  std::string token_id;
  std::string account_id;
  std::string reason;  // "manual" for an admin's :disable
};

struct TokenEnabled {
  KEYTRAIL_EVENT(TokenEnabled, 1);
  std::string token_id;
  std::string account_id;
};

struct TokenRevoked {
  KEYTRAIL_EVENT(TokenRevoked, 1);
  std::string token_id;
  std::string account_id;
};

// Successful verifications of one token from one client IP, aggregated over
// at most one second.
struct TokenUsed {
  KEYTRAIL_EVENT(TokenUsed, 1);
  std::string token_id;
  std::string account_id;
  std::string ip;
  int64_t count = 0;
  Micros first_at = 0;
  Micros last_at = 0;
};

// Rejected verifications of a known token, per (code, client IP).
struct TokenUseRejected {
  KEYTRAIL_EVENT(TokenUseRejected, 1);
  std::string token_id;
  std::string account_id;
  std::string code;  // "REVOKED", "DISABLED", ...
  std::string ip;
  int64_t count = 0;
  Micros first_at = 0;
  Micros last_at = 0;
};

// Verifications with a secret that matches no token, per client IP; stored
// in the `_system` stream.
struct UnknownTokenRejected {
  KEYTRAIL_EVENT(UnknownTokenRejected, 1);
  std::string ip;
  int64_t count = 0;
  Micros first_at = 0;
  Micros last_at = 0;
};

// Account `account_id` lets token `token_id` of account `token_account_id`
// act in it with the permissions of `groups` (groups of `account_id`).
struct GrantAdded {
  KEYTRAIL_EVENT(GrantAdded, 1);
  std::string grant_id;
  std::string account_id;
  std::string token_id;
  std::string token_account_id;
  std::vector<std::string> groups;
};

struct GrantRemoved {
  KEYTRAIL_EVENT(GrantRemoved, 1);
  std::string grant_id;
  std::string account_id;
};

// The admin console's sessions (docs/console.md). A session stands for
// the token whose secret was pasted at sign-in; its events hold the SHA-256
// of the session secret (the cookie), never the secret itself. They fold
// into the console's session projection only, not into the views.
struct ConsoleSignedIn {
  KEYTRAIL_EVENT(ConsoleSignedIn, 1);
  std::string session_id;
  std::string account_id;  // the token's account
  std::string token_id;
  std::string user_id;              // a personal token's owner
  std::string session_sha256;       // hex of SHA-256(session secret)
  std::string token_secret_sha256;  // the token secret that was presented
  Micros expires_at = 0;            // absolute end of the session
  int64_t idle_seconds = 0;         // ends after this long without use
};

// The session was used: its idle deadline moves to `time` + idle_seconds.
// Written at most once per quarter of the idle timeout.
struct ConsoleSessionTouched {
  KEYTRAIL_EVENT(ConsoleSessionTouched, 1);
  std::string session_id;
  std::string account_id;
};

struct ConsoleSignedOut {
  KEYTRAIL_EVENT(ConsoleSignedOut, 1);
  std::string session_id;
  std::string account_id;
  std::string reason;  // "sign_out"
};

// A sign-in refused: `reason` is the verification code of the pasted
// token ("NOT_FOUND", "MALFORMED", "REVOKED", ...). `account_id` is the
// token's account when the token is known, else "_system". In `_system`.
struct ConsoleSignInFailed {
  KEYTRAIL_EVENT(ConsoleSignInFailed, 1);
  std::string account_id;
  std::string reason;
};

#undef KEYTRAIL_EVENT

using Event = std::variant<
    AccountCreated, AccountPlanChanged, AccountSettingsChanged, GroupCreated,
    GroupUpdated, GroupDeleted, UserCreated, UserUpdated, UserDeactivated,
    UserActivated, TokenCreated, TokenUpdated, TokenRegenerated, TokenRevealed,
    TokenDisabled, TokenEnabled, TokenRevoked, TokenUsed, TokenUseRejected,
    UnknownTokenRejected, GrantAdded, GrantRemoved, ConsoleSignedIn,
    ConsoleSessionTouched, ConsoleSignedOut, ConsoleSignInFailed>;

// Whether `E` is one of the console's session events.
template <typename E>
constexpr bool kIsConsoleEvent = std::is_same_v<E, ConsoleSignedIn> ||
                                 std::is_same_v<E, ConsoleSessionTouched> ||
                                 std::is_same_v<E, ConsoleSignedOut> ||
                                 std::is_same_v<E, ConsoleSignInFailed>;

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
