// What every command (the *_commands.h files) shares.
//
// A command is a pure decision: it reads the current state through a
// StateView, checks the request against the rules of the four source
// documents and docs/api.md, and returns the events to append, or a typed Error.
// It performs no I/O, reads no clock and draws no random number: the time,
// the actor, new ids and new secrets are passed in.
//
// Error conventions (docs/api.md §6):
//   kNotFound      the account, or a resource of it, does not exist (a
//                  resource of another account is not found either);
//   kInvalid       a field is wrong; Error::fields lists every such field;
//   kConflict      the resource's state forbids the change (e.g. anything
//                  but reading on a revoked token);
//   others         as named by each command.
// An empty event list means the request changes nothing (disabling a
// disabled token): the caller appends nothing and answers success.
#ifndef KEYTRAIL_DOMAIN_COMMAND_H_
#define KEYTRAIL_DOMAIN_COMMAND_H_

#include <vector>

#include "domain/events.h"
#include "base/result.h"
#include "base/time.h"
#include "domain/types.h"

namespace keytrail {

struct CommandContext {
  Actor actor;     // who asks; the caller records it in the events' meta
  Micros now = 0;  // the time of the request
};

using Events = std::vector<Event>;

}  // namespace keytrail

#endif  // KEYTRAIL_DOMAIN_COMMAND_H_
