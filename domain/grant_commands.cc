#include "domain/grant_commands.h"

#include "domain/command_support.h"

namespace keytrail {

Result<Events> AddGrant(const StateView& view, std::string_view account_id,
                        std::string_view grant_id, const AddGrantInput& input,
                        const CommandContext&) {
  Result<const AccountState*> account = FindAccountOf(view, account_id);
  if (!account.ok()) return account.error();
  GrantAdded event{std::string(grant_id), std::string(account_id),
                   input.token_id, "", input.groups};
  FieldErrors errors;
  const TokenState* token = view.FindToken(input.token_id);
  if (token == nullptr || token->status == TokenStatus::kRevoked) {
    errors.Add("token", "unknown token " + input.token_id);
  } else if (token->account_id == account_id) {
    errors.Add("token", "a token of this account needs no grant");
  } else {
    event.token_account_id = token->account_id;
  }
  CheckGroups(errors, "groups", event.groups, account_id, GroupType::kApi,
              /*required=*/true, view);
  if (Status status = errors.ToStatus(); !status.ok()) return status.error();
  if (view.FindActiveGrant(account_id, input.token_id) != nullptr) {
    return Error::Make(ErrorCode::kConflict,
                       "the token holds a grant of this account already");
  }
  return Events{std::move(event)};
}

Result<Events> RemoveGrant(const StateView& view, std::string_view account_id,
                           std::string_view grant_id, const CommandContext&) {
  Result<const GrantState*> grant = FindGrantOf(view, account_id, grant_id);
  if (!grant.ok()) return grant.error();
  return Events{GrantRemoved{(*grant)->id, (*grant)->account_id}};
}

}  // namespace keytrail
