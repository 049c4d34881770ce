// Third-party grants (VTEX "Chaves terceiras"; docs/api.md §3 "Third-party
// grants"; the caller checks tokens:edit): account A lets a token of account
// B act in A with the permissions of some of A's api groups. Verification
// with "account": A then answers with those permissions (verification.h).
#ifndef KEYTRAIL_DOMAIN_GRANT_COMMANDS_H_
#define KEYTRAIL_DOMAIN_GRANT_COMMANDS_H_

#include <string>
#include <string_view>
#include <vector>

#include "domain/command.h"
#include "domain/state_view.h"

namespace keytrail {

struct AddGrantInput {
  std::string token_id;             // a token of another account
  std::vector<std::string> groups;  // api groups of the granting account
};

// -> GrantAdded. kNotFound for an unknown account; kInvalid "token" for an
// unknown or revoked token or one of this account, kInvalid "groups" for
// none, unknown ones or ones not of type api; kConflict when the token
// already holds a grant of this account (change it by removing it first).
Result<Events> AddGrant(const StateView& view, std::string_view account_id,
                        std::string_view grant_id, const AddGrantInput& input,
                        const CommandContext& context);

// -> GrantRemoved. kNotFound for an unknown or removed grant.
Result<Events> RemoveGrant(const StateView& view, std::string_view account_id,
                           std::string_view grant_id,
                           const CommandContext& context);

}  // namespace keytrail

#endif  // KEYTRAIL_DOMAIN_GRANT_COMMANDS_H_
