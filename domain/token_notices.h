// Token notices: events recorded against a token that change nothing a
// verification or a representation reads (EventRole::kRecords), and that
// webhooks deliver (domain/webhook_commands.h):
//
//   TokenLookedUp   a secret of the token was looked up by incident
//                   response (POST /v1/tokens:lookup): `secret.leaked_lookup`;
//   TokenExpiring   the token expires within 30, 7 or 1 day(s):
//                   `token.expiring`, once per threshold and expiry.
#ifndef KEYTRAIL_DOMAIN_TOKEN_NOTICES_H_
#define KEYTRAIL_DOMAIN_TOKEN_NOTICES_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

#include "domain/command.h"
#include "domain/state_view.h"

namespace keytrail {

// The thresholds of expiry warnings, in days, largest first.
inline constexpr std::array<int64_t, 3> kExpiryWarningDays = {30, 7, 1};

// -> TokenLookedUp of the token `token_id` of `account_id`, whose
// `secret_role` secret ("current", "previous" or "retired") was looked up
// by context.actor. kNotFound for an unknown token or one of another
// account.
Result<Events> RecordSecretLookup(const StateView& view,
                                  std::string_view account_id,
                                  std::string_view token_id,
                                  std::string_view secret_role,
                                  const CommandContext& context);

// The threshold (30, 7 or 1) `token` should now be warned of, or nullopt:
// it is active in its own status, expires after `now` and within the
// threshold, and no TokenExpiring warned of this expiry at this threshold
// or a smaller one. A token already within 7 days when first looked at is
// warned of once, at 7, not at 30 and 7.
std::optional<int64_t> DueExpiryWarning(const TokenState& token, Micros now);

// -> TokenExpiring for token `token_id` when a warning is due at `now`
// (DueExpiryWarning), else no event. kNotFound for an unknown token.
Result<Events> WarnTokenExpiring(const StateView& view,
                                 std::string_view token_id, Micros now);

}  // namespace keytrail

#endif  // KEYTRAIL_DOMAIN_TOKEN_NOTICES_H_
