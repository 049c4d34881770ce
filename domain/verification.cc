#include "domain/verification.h"

#include "domain/permissions.h"
#include "domain/secret.h"

namespace keytrail {
namespace {

VerifyDecision Reject(VerifyCode code) { return VerifyDecision{code, {}, {}}; }

// Which of the token's secrets `sha256` is; kRetired for one that a
// regenerate replaced before the previous one (the caller's index found the
// token by it).
enum class SecretMatch { kRetired, kCurrent, kPrevious };

SecretMatch MatchSecret(const TokenState& token, std::string_view sha256) {
  if (ConstantTimeEquals(token.secret_sha256, sha256)) {
    return SecretMatch::kCurrent;
  }
  if (!token.previous_secret_sha256.empty() &&
      ConstantTimeEquals(token.previous_secret_sha256, sha256)) {
    return SecretMatch::kPrevious;
  }
  return SecretMatch::kRetired;
}

// The token's own state, before any question of account or permission.
VerifyCode CheckToken(const TokenState& token, SecretMatch match,
                      const StateView& view, Micros now) {
  if (token.status == TokenStatus::kRevoked) return VerifyCode::kRevoked;
  if (match == SecretMatch::kRetired) return VerifyCode::kRevoked;
  if (match == SecretMatch::kPrevious &&
      (!token.previous_valid_until || now >= *token.previous_valid_until)) {
    return VerifyCode::kRevoked;
  }
  if (token.status == TokenStatus::kDisabled) return VerifyCode::kDisabled;
  if (IsExpired(token, now)) return VerifyCode::kExpired;
  const AccountState* account = view.FindAccount(token.account_id);
  if (account == nullptr) return VerifyCode::kNotFound;
  if (!account->plan.api_access) return VerifyCode::kPlanDisabled;
  if (token.kind == TokenKind::kPersonal) {
    const UserState* user = view.FindUser(token.user_id);
    if (user == nullptr || !user->active ||
        user->account_id != token.account_id) {
      return VerifyCode::kUserInactive;
    }
  }
  return VerifyCode::kValid;
}

// Decides access to `account` (not the token's own) and its permissions.
VerifyCode CheckOtherAccount(const TokenState& token, std::string_view account,
                             const StateView& view, VerifyDecision& decision) {
  const AccountState* target = view.FindAccount(account);
  if (target == nullptr) return VerifyCode::kForbidden;
  if (token.account_id == kSystemAccount) {
    // The operator: "*" over every account (API.md §1).
    decision.permissions = EffectivePermissions(token, view);
    return Allows(decision.permissions, kPermAll) ? VerifyCode::kValid
                                                  : VerifyCode::kForbidden;
  }
  const GrantState* grant = view.FindActiveGrant(account, token.id);
  if (grant == nullptr || grant->removed || grant->token_id != token.id ||
      grant->account_id != account) {
    return VerifyCode::kForbidden;
  }
  if (!target->plan.api_access) return VerifyCode::kPlanDisabled;
  decision.permissions = GrantPermissions(*grant, view);
  return VerifyCode::kValid;
}

}  // namespace

std::string_view ToString(VerifyCode code) {
  switch (code) {
    case VerifyCode::kValid:
      return "VALID";
    case VerifyCode::kMalformed:
      return "MALFORMED";
    case VerifyCode::kNotFound:
      return "NOT_FOUND";
    case VerifyCode::kRevoked:
      return "REVOKED";
    case VerifyCode::kDisabled:
      return "DISABLED";
    case VerifyCode::kExpired:
      return "EXPIRED";
    case VerifyCode::kUserInactive:
      return "USER_INACTIVE";
    case VerifyCode::kPlanDisabled:
      return "PLAN_DISABLED";
    case VerifyCode::kForbidden:
      return "FORBIDDEN";
  }
  return "NOT_FOUND";
}

VerifyDecision Verify(const VerifyRequest& request, const StateView& view) {
  if (request.token == nullptr) return Reject(VerifyCode::kNotFound);
  const TokenState& token = *request.token;
  const SecretMatch match = MatchSecret(token, request.secret_sha256);
  VerifyCode code = CheckToken(token, match, view, request.now);
  if (code != VerifyCode::kValid) return Reject(code);

  VerifyDecision decision;
  if (request.account.empty() || request.account == token.account_id) {
    decision.permissions = EffectivePermissions(token, view);
    decision.account = token.account_id;
  } else {
    code = CheckOtherAccount(token, request.account, view, decision);
    if (code != VerifyCode::kValid) return Reject(code);
    decision.account = std::string(request.account);
  }
  if (!request.permission.empty() &&
      !Allows(decision.permissions, request.permission)) {
    return Reject(VerifyCode::kForbidden);
  }
  decision.code = VerifyCode::kValid;
  decision.previous_secret = match == SecretMatch::kPrevious;
  return decision;
}

}  // namespace keytrail
