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

SecretMatch MatchSecret(const TokenCredentials& token,
                        const Sha256Digest& sha256) {
  if (ConstantTimeEquals(token.secret_sha256, sha256)) {
    return SecretMatch::kCurrent;
  }
  if (token.has_previous_secret &&
      ConstantTimeEquals(token.previous_secret_sha256, sha256)) {
    return SecretMatch::kPrevious;
  }
  return SecretMatch::kRetired;
}

// What the decision reads of `token`; the strings and groups are borrowed
// from it.
TokenCredentials CredentialsOf(const TokenState& token) {
  TokenCredentials out;
  out.id = token.id;
  out.account_id = token.account_id;
  out.user_id = token.user_id;
  out.groups = &token.groups;
  out.kind = token.kind;
  out.status = token.status;
  out.expires_at = token.expires_at;
  out.has_previous_secret = token.rare->previous_valid_until.has_value();
  out.secret_sha256 = token.secret_sha256;
  out.previous_secret_sha256 = token.rare->previous_secret_sha256;
  out.previous_valid_until = token.rare->previous_valid_until;
  return out;
}

std::vector<std::string> OwnPermissions(const TokenCredentials& token,
                                        const StateView& view) {
  static const std::vector<std::string> kNoGroups;
  return EffectivePermissions(
      token.kind, token.account_id, token.user_id,
      token.groups != nullptr ? *token.groups : kNoGroups, view);
}

// The token's own state, before any question of account or permission.
VerifyCode CheckToken(const TokenCredentials& token, SecretMatch match,
                      const StateView& view, std::string_view client_ip,
                      Micros now) {
  if (token.status == TokenStatus::kRevoked) return VerifyCode::kRevoked;
  if (match == SecretMatch::kRetired) return VerifyCode::kRevoked;
  if (match == SecretMatch::kPrevious &&
      (!token.previous_valid_until || now >= *token.previous_valid_until)) {
    return VerifyCode::kRevoked;
  }
  if (token.status == TokenStatus::kDisabled) return VerifyCode::kDisabled;
  if (IsExpired(token.expires_at, now)) return VerifyCode::kExpired;
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
  if (token.ip_binding != nullptr && !token.ip_binding->Allows(client_ip)) {
    return VerifyCode::kForbiddenIp;
  }
  return VerifyCode::kValid;
}

// Decides access to `account` (not the token's own) and its permissions.
VerifyCode CheckOtherAccount(const TokenCredentials& token,
                             std::string_view account, const StateView& view,
                             VerifyDecision& decision) {
  const AccountState* target = view.FindAccount(account);
  if (target == nullptr) return VerifyCode::kForbidden;
  if (token.account_id == kSystemAccount) {
    // The operator: "*" over every account (docs/api.md §1).
    decision.permissions = OwnPermissions(token, view);
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

// Everything after the secret was matched; the one decision both entry
// points share.
VerifyDecision Decide(const TokenCredentials& token, SecretMatch match,
                      std::string_view account, std::string_view permission,
                      std::string_view client_ip, Micros now,
                      const StateView& view) {
  VerifyCode code = CheckToken(token, match, view, client_ip, now);
  if (code != VerifyCode::kValid) return Reject(code);

  VerifyDecision decision;
  if (account.empty() || account == token.account_id) {
    decision.permissions = OwnPermissions(token, view);
    decision.account = std::string(token.account_id);
  } else {
    code = CheckOtherAccount(token, account, view, decision);
    if (code != VerifyCode::kValid) return Reject(code);
    decision.account = std::string(account);
  }
  if (!permission.empty() && !Allows(decision.permissions, permission)) {
    return Reject(VerifyCode::kForbidden);
  }
  decision.code = VerifyCode::kValid;
  decision.previous_secret = match == SecretMatch::kPrevious;
  return decision;
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
    case VerifyCode::kForbiddenIp:
      return "FORBIDDEN_IP";
    case VerifyCode::kRateLimited:
      return "RATE_LIMITED";
    case VerifyCode::kUsageExceeded:
      return "USAGE_EXCEEDED";
  }
  return "NOT_FOUND";
}

VerifyDecision Verify(const VerifyRequest& request, const StateView& view) {
  if (request.token == nullptr) return Reject(VerifyCode::kNotFound);
  TokenCredentials token = CredentialsOf(*request.token);
  const IpBinding binding = IpBindingOf(*request.token, view);
  token.ip_binding = &binding;
  return Decide(token, MatchSecret(token, request.secret_sha256),
                request.account, request.permission, request.client_ip,
                request.now, view);
}

VerifyDecision VerifyCredentials(const CredentialsVerifyRequest& request,
                                 const StateView& view) {
  if (request.token == nullptr) return Reject(VerifyCode::kNotFound);
  const TokenCredentials& token = *request.token;
  return Decide(token, MatchSecret(token, request.secret_sha256),
                request.account, request.permission, request.client_ip,
                request.now, view);
}

}  // namespace keytrail
