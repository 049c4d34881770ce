#include "domain/command_support.h"

#include <algorithm>

#include "domain/secret.h"

namespace keytrail {
namespace {

Error NotFound(std::string_view what, std::string_view id) {
  return Error::Make(ErrorCode::kNotFound,
                     std::string(what) + " " + std::string(id) + " not found");
}

}  // namespace

Result<const AccountState*> FindAccountOf(const StateView& view,
                                          std::string_view account_id) {
  const AccountState* account = view.FindAccount(account_id);
  if (account == nullptr) return NotFound("account", account_id);
  return account;
}

Result<const GroupState*> FindGroupOf(const StateView& view,
                                      std::string_view account_id,
                                      std::string_view group_id) {
  const GroupState* group = view.FindGroup(group_id);
  if (group == nullptr || group->deleted || group->account_id != account_id) {
    return NotFound("group", group_id);
  }
  return group;
}

Result<const UserState*> FindUserOf(const StateView& view,
                                    std::string_view account_id,
                                    std::string_view user_id) {
  const UserState* user = view.FindUser(user_id);
  if (user == nullptr || user->account_id != account_id) {
    return NotFound("user", user_id);
  }
  return user;
}

Result<const TokenState*> FindTokenOf(const StateView& view,
                                      std::string_view account_id,
                                      std::string_view token_id) {
  const TokenState* token = view.FindToken(token_id);
  if (token == nullptr || token->account_id != account_id) {
    return NotFound("token", token_id);
  }
  return token;
}

Result<const GrantState*> FindGrantOf(const StateView& view,
                                      std::string_view account_id,
                                      std::string_view grant_id) {
  const GrantState* grant = view.FindGrant(grant_id);
  if (grant == nullptr || grant->removed || grant->account_id != account_id) {
    return NotFound("grant", grant_id);
  }
  return grant;
}

void CheckGroups(FieldErrors& errors, std::string_view field,
                 std::vector<std::string>& group_ids,
                 std::string_view account_id, GroupType type, bool required,
                 const StateView& view) {
  std::vector<std::string> unique;
  for (std::string& id : group_ids) {
    if (std::find(unique.begin(), unique.end(), id) == unique.end()) {
      unique.push_back(std::move(id));
    }
  }
  group_ids = std::move(unique);
  if (required && group_ids.empty()) {
    errors.Add(std::string(field), "at least one group is required");
  }
  for (const std::string& id : group_ids) {
    const GroupState* group = view.FindGroup(id);
    if (group == nullptr || group->deleted || group->account_id != account_id) {
      errors.Add(std::string(field), "unknown group " + id);
    } else if (group->type != type) {
      errors.Add(std::string(field), "group " + id + " is not of type " +
                                         std::string(ToString(type)));
    }
  }
}

Status CheckNotRevoked(const TokenState& token) {
  if (token.status == TokenStatus::kRevoked) {
    return Error::Make(ErrorCode::kConflict,
                       "token " + token.id + " is revoked");
  }
  return OkStatus();
}

Status CheckTokenLimit(const StateView& view, const AccountState& account,
                       const TokenState* except, Micros now) {
  if (!account.plan.max_active_tokens) return OkStatus();
  int64_t active = 0;
  view.ForEachToken(account.id, [&](const TokenState& token) {
    if (except != nullptr && token.id == except->id) return;
    if (CountsAsActive(token, now)) ++active;
  });
  if (active >= *account.plan.max_active_tokens) {
    return Error::Make(ErrorCode::kTokenLimit,
                       "the plan allows " +
                           std::to_string(*account.plan.max_active_tokens) +
                           " active token(s)");
  }
  return OkStatus();
}

Status CheckApiAccess(const AccountState& account) {
  if (!account.plan.api_access) {
    return Error::Make(
        ErrorCode::kPlanDisabled,
        "the plan of account " + account.id + " has no API access");
  }
  return OkStatus();
}

void CheckTokenText(FieldErrors& errors, std::string_view name,
                    std::string_view description) {
  CheckText(errors, "name", name, 1, kMaxNameLength);
  CheckText(errors, "description", description, 0, kMaxDescriptionLength);
}

void CheckExpiresAt(FieldErrors& errors, std::optional<Micros> expires_at,
                    Micros now) {
  if (expires_at && *expires_at <= now) {
    errors.Add("expires_at", "must be in the future");
  }
}

Status CheckExpiryPolicy(const AccountState& account,
                         std::optional<Micros> expires_at, Micros now) {
  if (!account.max_token_ttl_days) return OkStatus();
  const int64_t days = *account.max_token_ttl_days;
  if (expires_at && *expires_at <= now + days * kMicrosPerDay) {
    return OkStatus();
  }
  const std::string rule =
      "the account's policy allows tokens to live at "
      "most " +
      std::to_string(days) + " days";
  Error error = Error::Make(ErrorCode::kExpiryPolicy,
                            "expires_at is outside the expiry policy: " + rule +
                                " (max_token_ttl_days)");
  error.fields.push_back(
      {"expires_at",
       expires_at ? "is later than " + std::to_string(days) + " days from now"
                  : "must be set: " + rule});
  return error;
}

Status CheckNewSecret(std::string_view secret) {
  if (CheckSecretFormat(secret) != SecretFormat::kOk) {
    return Error::Make(ErrorCode::kInternal, "the new secret is malformed");
  }
  return OkStatus();
}

void CheckMetadata(FieldErrors& errors, std::string_view metadata,
                   size_t max_bytes) {
  if (metadata.empty()) return;
  if (metadata.front() != '{' || metadata.back() != '}') {
    errors.Add("metadata", "must be a JSON object");
  } else if (metadata.size() > max_bytes) {
    errors.Add("metadata", "is " + std::to_string(metadata.size()) +
                               " bytes of canonical JSON; at most " +
                               std::to_string(max_bytes));
  }
}

}  // namespace keytrail
