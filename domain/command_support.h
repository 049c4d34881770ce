// Lookups and checks shared by the commands (internal to domain/). Each
// Find*Of returns the aggregate of `account_id` with that id, or kNotFound
// when it is unknown, of another account, deleted or removed.
#ifndef KEYTRAIL_DOMAIN_COMMAND_SUPPORT_H_
#define KEYTRAIL_DOMAIN_COMMAND_SUPPORT_H_

#include <optional>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "domain/state_view.h"
#include "domain/validation.h"

namespace keytrail {

Result<const AccountState*> FindAccountOf(const StateView& view,
                                          std::string_view account_id);
Result<const GroupState*> FindGroupOf(const StateView& view,
                                      std::string_view account_id,
                                      std::string_view group_id);
Result<const UserState*> FindUserOf(const StateView& view,
                                    std::string_view account_id,
                                    std::string_view user_id);
// Revoked tokens are found (they stay in history); commands refuse them.
Result<const TokenState*> FindTokenOf(const StateView& view,
                                      std::string_view account_id,
                                      std::string_view token_id);
Result<const GrantState*> FindGrantOf(const StateView& view,
                                      std::string_view account_id,
                                      std::string_view grant_id);

// Checks that `group_ids` (deduplicated in place, in order) are existing,
// not deleted groups of `account_id` of `type`; adds errors under `field`.
// With `required`, an empty list is an error too.
void CheckGroups(FieldErrors& errors, std::string_view field,
                 std::vector<std::string>& group_ids,
                 std::string_view account_id, GroupType type, bool required,
                 const StateView& view);

// kConflict unless `token` is not revoked ("FailedPrecondition").
Status CheckNotRevoked(const TokenState& token);

// kTokenLimit when one more active token (CountsAsActive) would pass the
// plan's max_active_tokens; `except` (may be null) is not counted.
Status CheckTokenLimit(const StateView& view, const AccountState& account,
                       const TokenState* except, Micros now);

// kPlanDisabled when the plan has no api_access (Pingback: Free plan).
Status CheckApiAccess(const AccountState& account);

// A token's name (1-100 characters) and description (0-1000), both already
// trimmed.
void CheckTokenText(FieldErrors& errors, std::string_view name,
                    std::string_view description);

// kInvalid "expires_at" unless `expires_at` is empty or after `now`.
void CheckExpiresAt(FieldErrors& errors, std::optional<Micros> expires_at,
                    Micros now);

// kExpiryPolicy (field "expires_at") when the account has a maximum token
// lifetime and `expires_at` is never or later than now + that many days.
Status CheckExpiryPolicy(const AccountState& account,
                         std::optional<Micros> expires_at, Micros now);

// kInvalid "metadata" unless `metadata` is "" or the canonical JSON of an
// object (the caller's canonical form) of at most `max_bytes` bytes.
void CheckMetadata(FieldErrors& errors, std::string_view metadata,
                   size_t max_bytes);

// kInternal unless `secret` is well formed: a new secret comes from
// GenerateSecret(), so anything else is a bug of the caller.
Status CheckNewSecret(std::string_view secret);

}  // namespace keytrail

#endif  // KEYTRAIL_DOMAIN_COMMAND_SUPPORT_H_
