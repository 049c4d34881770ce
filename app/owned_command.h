// OwnedCommand: the runner's request for a change of one existing
// aggregate (a group, a user, a token), the shape most commands of
// app/commands.h share. Inside the decision, on the views the append is
// made on, the aggregate is found among the account's own (another
// account's answers kNotFound, as a missing one: projections/owned_by.h)
// and checked against the caller's If-Match version; only then does the
// domain decide.
#ifndef KEYTRAIL_APP_OWNED_COMMAND_H_
#define KEYTRAIL_APP_OWNED_COMMAND_H_

#include <functional>
#include <string>
#include <string_view>
#include <utility>

#include "app/caller.h"
#include "app/command_runner.h"
#include "projections/owned_by.h"
#include "projections/views.h"
#include "projections/views_state_view.h"

namespace keytrail::app {

// The domain's decision on the aggregate, once found and at the version.
using OwnedDecision =
    std::function<Result<Events>(const StateView&, const CommandContext&)>;

// `find` is the views' lookup of that kind (&Views::group ...), `noun` its
// name in the NOT_FOUND message; `exclusive` takes the account's lock
// exclusively. `caller` must outlive the request.
template <typename State>
CommandRequest OwnedCommand(
    const Caller& caller, const std::string& account_id, const std::string& id,
    const State* (projections::Views::*find)(std::string_view) const,
    std::string_view noun, bool exclusive, OwnedDecision decision) {
  CommandRequest command = CommandRequestFor(caller, account_id);
  command.exclusive = exclusive;
  command.decide = [&caller, account_id, id, find, noun = std::string(noun),
                    decision = std::move(decision)](
                       const projections::Views& views,
                       Micros now) -> Result<Events> {
    Result<const State*> owned =
        projections::OwnedBy((views.*find)(id), account_id, noun);
    if (!owned.ok()) return owned.error();
    if (Status match = CheckExpectedVersion(caller, (*owned)->version);
        !match.ok()) {
      return match.error();
    }
    return decision(projections::ViewsStateView(views),
                    CommandContext{caller.actor, now});
  };
  return command;
}

}  // namespace keytrail::app

#endif  // KEYTRAIL_APP_OWNED_COMMAND_H_
