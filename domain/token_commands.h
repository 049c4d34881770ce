// Token commands (docs/api.md §3 "Tokens"). The caller checks the management
// permission (tokens:edit to create, change, disable, enable and revoke;
// tokens:renew to regenerate and reveal) and passes the new id and secret in.
//
// Rules, by source:
//   name required, 1-100 characters after trimming, no control characters
//     (Apresenta.me "Descrição", Pingback "Nome"); description up to 1000;
//   expires_at in the future; when not given it defaults to now +
//     default_token_ttl_days if the account sets one (VTEX), else to now +
//     max_token_ttl_days if it sets that, else never;
//   the account's expiry policy (max_token_ttl_days, GitHub organisations'
//     maximum PAT lifetime) refuses with kExpiryPolicy an expiry that is
//     never or later than now + max: on create, on an update that changes
//     expires_at, on extend, and on regenerate (the token's current expiry:
//     a new secret lives no longer than the policy allows);
//   group tokens bind one or more groups of type api of the same account
//     (Apresenta.me);
//   a personal token is bound to one user, who must hold api_per_user, be
//     active and be the caller: nobody creates a personal token for someone
//     else (Tiflux);
//   a plan without api_access refuses new and re-enabled tokens with
//     PLAN_DISABLED, and max_active_tokens caps active tokens with
//     TOKEN_LIMIT (Pingback);
//   regenerate replaces the secret; the old one dies at once, or after a
//     grace period of at most 7 days (Apresenta.me "Gerar novamente", VTEX
//     "Renew");
//   reveal only where the account is revealable, always as an event
//     (Apresenta.me "Mostrar Token", Pingback);
//   a revoked token is kept for history, and every change to it is
//     kConflict.
#ifndef KEYTRAIL_DOMAIN_TOKEN_COMMANDS_H_
#define KEYTRAIL_DOMAIN_TOKEN_COMMANDS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/command.h"
#include "domain/credits.h"
#include "domain/state_view.h"

namespace keytrail {

inline constexpr int64_t kMaxGraceSeconds = 7 * 24 * 3600;  // 604800
// The largest metadata object, in bytes of its canonical JSON.
inline constexpr size_t kMaxMetadataBytes = 4096;

// What a token's owner sets for its verification besides its lifecycle
// (docs/api.md "Metadata", "IP binding").
struct TokenSettings {
  // Canonical JSON of a JSON object (the caller canonicalizes it), at most
  // kMaxMetadataBytes; "" for none.
  std::string metadata;
  // CIDRs the token verifies from (domain/ip_binding.h); empty: any IP.
  std::vector<std::string> bound_cidrs;
  // The token's rate limit (domain/rate_limit.h); nullopt: none. With
  // `identity` (1-100 characters; needs a rate limit), the bucket is
  // shared by every token of the account naming that identity.
  std::optional<RateLimit> rate_limit;
  std::string identity;
  // The token's credits (domain/credits.h); nullopt: unlimited uses.
  std::optional<Credits> credits = {};
};

struct CreateTokenInput {
  std::string name;
  std::string description;          // optional
  std::vector<std::string> groups;  // group tokens only
  // nullopt (absent or null in the request): the account's default.
  std::optional<Micros> expires_at;
  // "live" | "test" | "" (none): the secret's prefix is the account's
  // followed by it, "acme_live_" (secret.h SecretPrefixFor).
  std::string environment = {};
  TokenSettings settings = {};
};

// The new token's id and secret, made by the caller:
// {NewId(kTokenIdPrefix, random), GenerateSecret(random, prefix)} where
// prefix is SecretPrefixFor(the account's token_prefix, the environment).
// Only the secret's SHA-256 and last four characters go into the event.
struct NewToken {
  std::string token_id;
  std::string secret;
};

// -> TokenCreated (kind group), then TokenPrefixAssigned when the secret's
// prefix is not "kt_", then TokenMetadataChanged, TokenBoundCidrsChanged and
// TokenRateLimitChanged when metadata, bound_cidrs or rate_limit are given,
// TokenCreditsChanged when credits with remaining uses are given.
// Errors, in the order checked: kNotFound (account); kInvalid (fields;
// "groups" for none, an unknown or deleted group, or one not of type api;
// "environment"; "metadata" over kMaxMetadataBytes; "bound_cidrs";
// "rate_limit.*", "identity", "credits.*"); kExpiryPolicy; kPlanDisabled;
// kTokenLimit; kConflict when the secret's prefix is not the account's (its
// prefix changed since the caller read it: retry).
Result<Events> CreateGroupToken(const StateView& view,
                                std::string_view account_id,
                                const CreateTokenInput& input,
                                const NewToken& token,
                                const CommandContext& context);

// -> TokenCreated (kind personal, bound to `user_id`) [+ TokenPrefixAssigned
// as above]. Errors, in order:
// kNotFound (account, user); kForbidden (context.actor.user_id is not
// `user_id`, or the user is inactive); kLicenseRequired (no api_per_user);
// kInvalid (fields; input.groups must be empty); kExpiryPolicy;
// kPlanDisabled; kTokenLimit.
Result<Events> CreatePersonalToken(const StateView& view,
                                   std::string_view account_id,
                                   std::string_view user_id,
                                   const CreateTokenInput& input,
                                   const NewToken& token,
                                   const CommandContext& context);

// A PATCH: absent fields keep their value.
struct UpdateTokenInput {
  std::optional<std::string> name;
  std::optional<std::string> description;
  // Present: the new expiry, or null (never). Must be in the future.
  std::optional<std::optional<Micros>> expires_at;
  std::optional<std::vector<std::string>> groups;  // group tokens only
  // Present: the new metadata (as TokenSettings::metadata; "" removes).
  std::optional<std::string> metadata;
  // Present: the new CIDR list ([] unbinds).
  std::optional<std::vector<std::string>> bound_cidrs;
  // Present: the new rate limit, or null (none: the identity goes too).
  std::optional<std::optional<RateLimit>> rate_limit;
  // Present: the new identity ("" : the token's own bucket).
  std::optional<std::string> identity;
  // Present: the token's credits from now on (remaining nullopt:
  // unlimited); set again even when equal (a reset of the remaining uses).
  std::optional<Credits> credits = {};
};

// -> TokenUpdated with all the token's fields after the change when one of
// name, description, expires_at or groups changes; TokenMetadataChanged,
// TokenBoundCidrsChanged and TokenRateLimitChanged when those change;
// TokenCreditsChanged when credits are given (unless unlimited stays
// unlimited).
// kExpiryPolicy when a changed expires_at breaks the policy; kTokenLimit when
// a new expires_at would bring an expired token back over the cap. No event
// when nothing changes.
Result<Events> UpdateToken(const StateView& view, std::string_view account_id,
                           std::string_view token_id,
                           const UpdateTokenInput& input,
                           const CommandContext& context);

// -> TokenDisabled (reason "manual"); no event when already disabled.
// Pingback "Desativar": requests with the token fail until enabled again.
Result<Events> DisableToken(const StateView& view, std::string_view account_id,
                            std::string_view token_id,
                            const CommandContext& context);

// -> TokenEnabled; no event when already enabled. kPlanDisabled without
// api_access; kTokenLimit when it would pass max_active_tokens.
Result<Events> EnableToken(const StateView& view, std::string_view account_id,
                           std::string_view token_id,
                           const CommandContext& context);

// -> TokenRevoked: revoked for good, kept in history (Pingback "Excluir").
Result<Events> RevokeToken(const StateView& view, std::string_view account_id,
                           std::string_view token_id,
                           const CommandContext& context);

// -> TokenRegenerated with `new_secret`'s hash. `grace_seconds` 0..604800:
// 0 kills the old secret at once, else it verifies until now + grace.
// kExpiryPolicy when the token's expiry is outside the account's policy.
// `new_secret` must have the token's prefix (TokenSecretPrefix), else
// kInternal.
Result<Events> RegenerateToken(const StateView& view,
                               std::string_view account_id,
                               std::string_view token_id, int64_t grace_seconds,
                               std::string_view new_secret,
                               const CommandContext& context);

// :extend: the new expiry, exactly one of `expires_at` (an RFC 3339 time) or
// `days` (1..3650, counted from the later of now and the current expiry);
// neither: the account's default_token_ttl_days.
struct ExtendTokenInput {
  std::optional<Micros> expires_at;
  std::optional<int64_t> days;
};

// -> TokenExpiryExtended. kInvalid when the token never expires, when both
// or (without an account default) neither input is given, or when the new
// expiry is not later than both now and the current expiry; kConflict when
// revoked; kExpiryPolicy when the new expiry is later than the policy
// allows; kTokenLimit when an expired token would come back over the cap.
Result<Events> ExtendToken(const StateView& view, std::string_view account_id,
                           std::string_view token_id,
                           const ExtendTokenInput& input,
                           const CommandContext& context);

// -> TokenRevealed; the caller then decrypts the stored secret. kNotRevealable
// unless the account's secret_visibility is revealable.
Result<Events> RevealToken(const StateView& view, std::string_view account_id,
                           std::string_view token_id,
                           const CommandContext& context);

}  // namespace keytrail

#endif  // KEYTRAIL_DOMAIN_TOKEN_COMMANDS_H_
