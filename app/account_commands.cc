// Accounts: create, plan, settings (app/commands.h).
#include "app/commands.h"
#include "app/creating_command.h"
#include "app/owned_command.h"
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

// The runner's request for a change of account `account_id`: checked
// against the caller's If-Match, then decided by the domain. `caller`
// must outlive the request.
CommandRequest AccountChange(const Caller& caller,
                             const std::string& account_id, bool exclusive,
                             OwnedDecision decision) {
  CommandRequest command = CommandRequestFor(caller, account_id);
  command.exclusive = exclusive;
  command.decide = [&caller, account_id, decision = std::move(decision)](
                       const Views& views, Micros now) -> Result<Events> {
    if (Status match = CheckAccountVersion(views, caller, account_id);
        !match.ok()) {
      return match.error();
    }
    return decision(ViewsStateView(views), CommandContext{caller.actor, now});
  };
  return command;
}

}  // namespace

Result<Created> CreateAccount(const CommandServices& app, const Caller& caller,
                              const CreateAccountInput& input) {
  return RunCreating(*app.runner, caller, input.id, /*exclusive=*/false,
                     input.id,
                     [&](const StateView& view, const CommandContext& context) {
                       return keytrail::CreateAccount(view, input, context);
                     });
}

Status ChangePlan(const CommandServices& app, const Caller& caller,
                  const std::string& account_id, const Plan& plan) {
  return StatusOf(app.runner->Run(AccountChange(
      caller, account_id, /*exclusive=*/true,
      [&](const StateView& view, const CommandContext& context) {
        return keytrail::ChangePlan(view, account_id, plan, context);
      })));
}

Status ChangeSettings(const CommandServices& app, const Caller& caller,
                      const std::string& account_id,
                      const SettingsPatch& patch) {
  return StatusOf(app.runner->Run(AccountChange(
      caller, account_id, /*exclusive=*/false,
      [&](const StateView& view, const CommandContext& context) {
        return keytrail::ChangeSettings(view, account_id, patch, context);
      })));
}

}  // namespace keytrail::app
