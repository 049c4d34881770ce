// Expiry warnings: appends a TokenExpiring (domain/token_notices.h) for
// every token that is due one and belongs to an account with a webhook
// subscribed to `token.expiring`; the webhook deliverer then delivers it
// from the log like any other event. Tokens of accounts without such a
// webhook are not warned of, so the log does not grow for nobody.
//
// Each warning is appended with the token's expected version through the
// command runner, so that two nodes scanning at once append it once.
//
// Thread-safe; blocks on the disk (appends): call it from a background
// thread (the webhook deliverer's).
#ifndef KEYTRAIL_APP_EXPIRY_WARNINGS_H_
#define KEYTRAIL_APP_EXPIRY_WARNINGS_H_

#include <cstddef>

#include "app/command_runner.h"
#include "base/result.h"

namespace keytrail::app {

// Warns of every due token at `now`; returns how many warnings it appended.
// Stops at the first failed append (the next call resumes).
Result<size_t> WarnExpiringTokens(CommandRunner& runner,
                                  projections::ProjectionEngine& engine,
                                  Micros now);

}  // namespace keytrail::app

#endif  // KEYTRAIL_APP_EXPIRY_WARNINGS_H_
