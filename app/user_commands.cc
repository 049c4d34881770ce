// Users (app/commands.h). Every user command is exclusive: e-mails are
// unique per account, and personal tokens' and groups' rules span users.
#include "app/commands.h"
#include "app/creating_command.h"
#include "app/owned_command.h"
#include "domain/ids.h"
#include "projections/views_state_view.h"

namespace keytrail::app {

namespace {

using projections::Views;
using projections::ViewsStateView;

// The request for `decision` on user `user_id` of `account_id`: exclusive,
// as every user command.
CommandRequest UserCommand(const Caller& caller, const std::string& account_id,
                           const std::string& user_id, OwnedDecision decision) {
  return OwnedCommand(caller, account_id, user_id, &Views::user, "user",
                      /*exclusive=*/true, std::move(decision));
}

}  // namespace

Result<Created> CreateUser(const CommandServices& app, const Caller& caller,
                           const std::string& account_id,
                           const CreateUserInput& input) {
  const std::string user_id = NewId(kUserIdPrefix, *app.random);
  return RunCreating(
      *app.runner, caller, account_id, /*exclusive=*/true, user_id,
      [&](const StateView& view, const CommandContext& context) {
        return keytrail::CreateUser(view, account_id, user_id, input, context);
      });
}

Status UpdateUser(const CommandServices& app, const Caller& caller,
                  const std::string& account_id, const std::string& user_id,
                  const UpdateUserInput& input) {
  return StatusOf(app.runner->Run(UserCommand(
      caller, account_id, user_id,
      [&](const StateView& view, const CommandContext& context) {
        return keytrail::UpdateUser(view, account_id, user_id, input, context);
      })));
}

Status SetUserActive(const CommandServices& app, const Caller& caller,
                     const std::string& account_id, const std::string& user_id,
                     bool active) {
  return StatusOf(app.runner->Run(UserCommand(
      caller, account_id, user_id,
      [&](const StateView& view, const CommandContext& context) {
        return active
                   ? keytrail::ActivateUser(view, account_id, user_id, context)
                   : keytrail::DeactivateUser(view, account_id, user_id,
                                              context);
      })));
}

}  // namespace keytrail::app
