// Accounts: create, plan, settings (app/commands.h).
#include "app/commands.h"
#include "projections/views_state_view.h"

namespace keytrail::app {

namespace {

using projections::Views;
using projections::ViewsStateView;

// Checks the caller's If-Match against the account, when it exists (the
// domain answers kNotFound otherwise).
Status CheckAccountVersion(const Views& views, const Caller& caller,
                           const std::string& account_id) {
  const AccountState* account = views.account(account_id);
  return account == nullptr ? OkStatus()
                            : CheckExpectedVersion(caller, account->version);
}

}  // namespace

Result<Created> CreateAccount(const CommandServices& app, const Caller& caller,
                              const CreateAccountInput& input) {
  CommandRequest command = CommandRequestFor(caller, input.id);
  command.decide = [&](const Views& views, Micros now) {
    return keytrail::CreateAccount(ViewsStateView(views), input,
                                   CommandContext{caller.actor, now});
  };
  Result<CommandOutcome> outcome = app.runner->Run(command);
  if (!outcome.ok()) return outcome.error();
  return Created{input.id, ""};
}

Status ChangePlan(const CommandServices& app, const Caller& caller,
                  const std::string& account_id, const Plan& plan) {
  CommandRequest command = CommandRequestFor(caller, account_id);
  command.exclusive = true;
  command.decide = [&](const Views& views, Micros now) -> Result<Events> {
    if (Status match = CheckAccountVersion(views, caller, account_id);
        !match.ok()) {
      return match.error();
    }
    return keytrail::ChangePlan(ViewsStateView(views), account_id, plan,
                                CommandContext{caller.actor, now});
  };
  return StatusOf(app.runner->Run(command));
}

Status ChangeSettings(const CommandServices& app, const Caller& caller,
                      const std::string& account_id,
                      const SettingsPatch& patch) {
  CommandRequest command = CommandRequestFor(caller, account_id);
  command.decide = [&](const Views& views, Micros now) -> Result<Events> {
    if (Status match = CheckAccountVersion(views, caller, account_id);
        !match.ok()) {
      return match.error();
    }
    return keytrail::ChangeSettings(ViewsStateView(views), account_id, patch,
                                    CommandContext{caller.actor, now});
  };
  return StatusOf(app.runner->Run(command));
}

}  // namespace keytrail::app
