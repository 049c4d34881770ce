// Groups and third-party grants (app/commands.h).
#include "app/commands.h"
#include "app/creating_command.h"
#include "app/owned_command.h"
#include "domain/ids.h"
#include "projections/views_state_view.h"

namespace keytrail::app {

namespace {

using projections::Views;
using projections::ViewsStateView;

}  // namespace

Result<Created> CreateGroup(const CommandServices& app, const Caller& caller,
                            const std::string& account_id,
                            const CreateGroupInput& input) {
  const std::string group_id = NewId(kGroupIdPrefix, *app.random);
  return RunCreating(*app.runner, caller, account_id, /*exclusive=*/false,
                     group_id,
                     [&](const StateView& view, const CommandContext& context) {
                       return keytrail::CreateGroup(view, account_id, group_id,
                                                    input, context);
                     });
}

Status UpdateGroup(const CommandServices& app, const Caller& caller,
                   const std::string& account_id, const std::string& group_id,
                   const UpdateGroupInput& input) {
  return StatusOf(app.runner->Run(
      OwnedCommand(caller, account_id, group_id, &Views::group, "group",
                   /*exclusive=*/false,
                   [&](const StateView& view, const CommandContext& context) {
                     return keytrail::UpdateGroup(view, account_id, group_id,
                                                  input, context);
                   })));
}

Status DeleteGroup(const CommandServices& app, const Caller& caller,
                   const std::string& account_id, const std::string& group_id) {
  return StatusOf(app.runner->Run(OwnedCommand(
      caller, account_id, group_id, &Views::group, "group",
      /*exclusive=*/true,
      [&](const StateView& view, const CommandContext& context) {
        return keytrail::DeleteGroup(view, account_id, group_id, context);
      })));
}

Result<Created> AddGrant(const CommandServices& app, const Caller& caller,
                         const std::string& account_id,
                         const AddGrantInput& input) {
  const std::string grant_id = NewId(kGrantIdPrefix, *app.random);
  return RunCreating(
      *app.runner, caller, account_id, /*exclusive=*/true, grant_id,
      [&](const StateView& view, const CommandContext& context) {
        return keytrail::AddGrant(view, account_id, grant_id, input, context);
      });
}

Status RemoveGrant(const CommandServices& app, const Caller& caller,
                   const std::string& account_id, const std::string& grant_id) {
  CommandRequest command = CommandRequestFor(caller, account_id);
  command.exclusive = true;
  command.decide = [&](const Views& views, Micros now) {
    return keytrail::RemoveGrant(ViewsStateView(views), account_id, grant_id,
                                 CommandContext{caller.actor, now});
  };
  return StatusOf(app.runner->Run(command));
}

}  // namespace keytrail::app
