// The operator's token (docs/api.md §1): created on the first start of an empty
// data directory, and rotated by `keytrail operator-token --rotate`.
//
// Both return the new secret so that the caller prints it once (on
// stderr); it is never stored, logged or put in an event. Both run through
// the CommandRunner, so their events are ordinary, audited events whose
// actor is the server itself (no token, no user).
#ifndef KEYTRAIL_APP_OPERATOR_TOKEN_H_
#define KEYTRAIL_APP_OPERATOR_TOKEN_H_

#include <optional>
#include <string>

#include "base/random.h"
#include "base/result.h"
#include "app/command_runner.h"

namespace keytrail::app {

// When the log holds no `_system` account yet, creates it with the
// operators group ("*") and the operator token, and returns its secret;
// nullopt when the operator exists already.
Result<std::optional<std::string>> BootstrapOperatorIfNeeded(
    CommandRunner& runner, RandomSource& random);

// Issues a new operator token bound to the operators group and revokes
// every other token of `_system`; returns the new secret. kNotFound when
// there is no operator yet.
Result<std::string> RotateOperatorToken(CommandRunner& runner,
                                        RandomSource& random);

}  // namespace keytrail::app

#endif  // KEYTRAIL_APP_OPERATOR_TOKEN_H_
