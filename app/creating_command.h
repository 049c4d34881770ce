// RunCreating: the shape of the commands of app/commands.h that create an
// aggregate with an id chosen here (an account, a group, a grant, a user):
// run the domain's decision on the views, then answer the id made — the
// fresh one, or for an Idempotency-Key replay the one the first request
// made (CreatedId).
#ifndef KEYTRAIL_APP_CREATING_COMMAND_H_
#define KEYTRAIL_APP_CREATING_COMMAND_H_

#include <string>
#include <utility>

#include "app/caller.h"
#include "app/command_runner.h"
#include "app/commands.h"
#include "app/owned_command.h"
#include "projections/views_state_view.h"

namespace keytrail::app {

// `exclusive` takes the account's lock exclusively; `fresh_id` is the id
// the decision gives the new aggregate. Created::secret stays empty.
inline Result<Created> RunCreating(CommandRunner& runner, const Caller& caller,
                                   const std::string& account_id,
                                   bool exclusive, const std::string& fresh_id,
                                   const OwnedDecision& decision) {
  CommandRequest command = CommandRequestFor(caller, account_id);
  command.exclusive = exclusive;
  command.decide = [&](const projections::Views& views, Micros now) {
    return decision(projections::ViewsStateView(views),
                    CommandContext{caller.actor, now});
  };
  Result<CommandOutcome> outcome = runner.Run(command);
  if (!outcome.ok()) return outcome.error();
  return Created{CreatedId(*outcome, fresh_id), ""};
}

}  // namespace keytrail::app

#endif  // KEYTRAIL_APP_CREATING_COMMAND_H_
