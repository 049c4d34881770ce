// Users (app/commands.h). Every user command is exclusive: e-mails are
// unique per account, and personal tokens' and groups' rules span users.
#include "app/commands.h"
#include "domain/ids.h"
#include "projections/owned_by.h"
#include "projections/views_state_view.h"

namespace keytrail::app {

namespace {

using projections::OwnedBy;
using projections::Views;
using projections::ViewsStateView;

// Runs `change` on user `user_id` of `account_id` once it is found and at
// the caller's version.
template <typename Change>
Status ChangeUser(const CommandServices& app, const Caller& caller,
                  const std::string& account_id, const std::string& user_id,
                  Change&& change) {
  CommandRequest command = CommandRequestFor(caller, account_id);
  command.exclusive = true;
  command.decide = [&](const Views& views, Micros now) -> Result<Events> {
    Result<const UserState*> user =
        OwnedBy(views.user(user_id), account_id, "user");
    if (!user.ok()) return user.error();
    if (Status match = CheckExpectedVersion(caller, (*user)->version);
        !match.ok()) {
      return match.error();
    }
    return change(ViewsStateView(views), CommandContext{caller.actor, now});
  };
  return StatusOf(app.runner->Run(command));
}

}  // namespace

Result<Created> CreateUser(const CommandServices& app, const Caller& caller,
                           const std::string& account_id,
                           const CreateUserInput& input) {
  const std::string user_id = NewId(kUserIdPrefix, *app.random);
  CommandRequest command = CommandRequestFor(caller, account_id);
  command.exclusive = true;
  command.decide = [&](const Views& views, Micros now) {
    return keytrail::CreateUser(ViewsStateView(views), account_id, user_id,
                                input, CommandContext{caller.actor, now});
  };
  Result<CommandOutcome> outcome = app.runner->Run(command);
  if (!outcome.ok()) return outcome.error();
  return Created{CreatedId(*outcome, user_id), ""};
}

Status UpdateUser(const CommandServices& app, const Caller& caller,
                  const std::string& account_id, const std::string& user_id,
                  const UpdateUserInput& input) {
  return ChangeUser(app, caller, account_id, user_id,
                    [&](const StateView& view, const CommandContext& context) {
                      return keytrail::UpdateUser(view, account_id, user_id,
                                                  input, context);
                    });
}

Status SetUserActive(const CommandServices& app, const Caller& caller,
                     const std::string& account_id, const std::string& user_id,
                     bool active) {
  return ChangeUser(app, caller, account_id, user_id,
                    [&](const StateView& view, const CommandContext& context) {
                      return active ? keytrail::ActivateUser(view, account_id,
                                                             user_id, context)
                                    : keytrail::DeactivateUser(
                                          view, account_id, user_id, context);
                    });
}

}  // namespace keytrail::app
