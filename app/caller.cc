#include "app/caller.h"

#include <string>

namespace keytrail::app {

CommandRequest CommandRequestFor(const Caller& caller,
                                 std::string_view account_id) {
  CommandRequest command;
  command.actor = caller.actor;
  command.account_id = std::string(account_id);
  if (!caller.idempotency_key.empty()) {
    command.idempotency_key = ScopedIdempotencyKey(
        account_id, caller.actor.token_id, caller.idempotency_key);
    command.request_hash = caller.request_hash;
  }
  return command;
}

Status CheckExpectedVersion(const Caller& caller, uint64_t version) {
  if (caller.expected_version && *caller.expected_version != version) {
    return Error::Make(ErrorCode::kVersionMismatch,
                       "the resource is at version " + std::to_string(version) +
                           ", not " + std::to_string(*caller.expected_version));
  }
  return OkStatus();
}

std::string_view StreamAggregateId(std::string_view stream) {
  size_t dash = stream.find('-');
  return dash == std::string_view::npos ? stream : stream.substr(dash + 1);
}

std::string CreatedId(const CommandOutcome& outcome,
                      std::string_view fresh_id) {
  return std::string(
      outcome.replayed ? StreamAggregateId(outcome.replayed_stream) : fresh_id);
}

}  // namespace keytrail::app
