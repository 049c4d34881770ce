// RecordSecretLookup, DueExpiryWarning, WarnTokenExpiring (token_notices.h).
#include "domain/token_notices.h"

#include "domain/command_support.h"

namespace keytrail {

Result<Events> RecordSecretLookup(const StateView& view,
                                  std::string_view account_id,
                                  std::string_view token_id,
                                  std::string_view secret_role,
                                  const CommandContext&) {
  Result<const TokenState*> token = FindTokenOf(view, account_id, token_id);
  if (!token.ok()) return token.error();
  return Events{TokenLookedUp{(*token)->id, (*token)->account_id,
                              std::string(secret_role)}};
}

std::optional<int64_t> DueExpiryWarning(const TokenState& token, Micros now) {
  if (token.status != TokenStatus::kActive || !token.expires_at ||
      *token.expires_at <= now) {
    return std::nullopt;
  }
  const Micros left = *token.expires_at - now;
  std::optional<int64_t> due;
  for (int64_t days : kExpiryWarningDays) {
    if (left <= days * kMicrosPerDay) due = days;  // the smallest that holds
  }
  if (!due) return std::nullopt;
  const TokenRareFields& rare = *token.rare;
  if (rare.expiry_warned_for == *token.expires_at &&
      rare.expiry_warned_within != 0 && rare.expiry_warned_within <= *due) {
    return std::nullopt;
  }
  return due;
}

Result<Events> WarnTokenExpiring(const StateView& view,
                                 std::string_view token_id, Micros now) {
  const TokenState* token = view.FindToken(token_id);
  if (token == nullptr) {
    return Error::Make(ErrorCode::kNotFound, "no such token");
  }
  std::optional<int64_t> due = DueExpiryWarning(*token, now);
  if (!due) return Events{};
  return Events{
      TokenExpiring{token->id, token->account_id, *token->expires_at, *due}};
}

}  // namespace keytrail
