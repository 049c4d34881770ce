// Caller: what a management command takes from whoever asks for it, apart
// from its typed input — who asks, the Idempotency-Key and the If-Match
// version. Routes fill it from the request (routes/handler_support.h
// CallerOf); the functions of app/commands.h turn it into the runner's
// CommandRequest and check the version inside the decision.
#ifndef KEYTRAIL_APP_CALLER_H_
#define KEYTRAIL_APP_CALLER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "app/command_runner.h"
#include "base/result.h"
#include "domain/types.h"

namespace keytrail::app {

struct Caller {
  // Who asks: the caller's token, the user it acts as, the client address.
  Actor actor;
  // The Idempotency-Key as sent (docs/api.md §6), "" for none, and the hash
  // of the request it came with: the same key with another hash is
  // kConflict. The key is scoped to the account and the caller's token.
  std::string idempotency_key;
  std::string request_hash;
  // If-Match: the version of the aggregate the caller last saw; a command
  // on an aggregate that has moved on fails with kVersionMismatch. nullopt:
  // any version.
  std::optional<uint64_t> expected_version;
};

// The runner's request for a command of `caller` in `account_id` (the
// account whose lock it takes), without its decision.
CommandRequest CommandRequestFor(const Caller& caller,
                                 std::string_view account_id);

// kVersionMismatch when the caller expects another version than `version`.
Status CheckExpectedVersion(const Caller& caller, uint64_t version);

// The id of the aggregate a stream holds: "token-tok_1" -> "tok_1".
std::string_view StreamAggregateId(std::string_view stream);

// The id a create command made: `fresh_id`, or for an Idempotency-Key
// replay the id the first request created.
std::string CreatedId(const CommandOutcome& outcome, std::string_view fresh_id);

}  // namespace keytrail::app

#endif  // KEYTRAIL_APP_CALLER_H_
