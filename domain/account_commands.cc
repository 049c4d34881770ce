#include "domain/account_commands.h"

#include "domain/command_support.h"
#include "domain/permissions.h"
#include "domain/secret.h"
#include "domain/validation.h"

namespace keytrail {
namespace {

void CheckPlan(FieldErrors& errors, const Plan& plan) {
  CheckText(errors, "plan.name", Trim(plan.name), 1, kMaxNameLength);
  if (plan.max_active_tokens && *plan.max_active_tokens < 0) {
    errors.Add("plan.max_active_tokens", "must be 0 or more, or null");
  }
}

}  // namespace

Result<Events> CreateAccount(const StateView& view,
                             const CreateAccountInput& input,
                             const CommandContext&) {
  FieldErrors errors;
  if (input.id == kSystemAccount) {
    errors.Add("id", "is reserved for the operator");
  } else if (!IsValidAccountId(input.id)) {
    errors.Add("id", "must match [a-z0-9][a-z0-9-]{0,62}");
  }
  const std::string_view name = Trim(input.name);
  CheckText(errors, "name", name, 1, kMaxNameLength);
  Plan plan = input.plan.value_or(Plan{});
  plan.name = std::string(Trim(plan.name));
  CheckPlan(errors, plan);
  if (Status status = errors.ToStatus(); !status.ok()) return status.error();
  if (view.FindAccount(input.id) != nullptr) {
    return Error::Make(ErrorCode::kConflict,
                       "account " + input.id + " exists already");
  }
  return Events{AccountCreated{input.id, std::string(name), std::move(plan),
                               AccountSettings{}}};
}

Result<Events> ChangePlan(const StateView& view, std::string_view account_id,
                          const Plan& plan, const CommandContext&) {
  Result<const AccountState*> account = FindAccountOf(view, account_id);
  if (!account.ok()) return account.error();
  Plan next = plan;
  next.name = std::string(Trim(plan.name));
  FieldErrors errors;
  if (account_id == kSystemAccount) {
    errors.Add("account", "the operator's plan cannot change");
  }
  CheckPlan(errors, next);
  if (Status status = errors.ToStatus(); !status.ok()) return status.error();
  if ((*account)->plan == next) return Events{};
  return Events{AccountPlanChanged{std::string(account_id), std::move(next)}};
}

Result<Events> ChangeSettings(const StateView& view,
                              std::string_view account_id,
                              const SettingsPatch& patch,
                              const CommandContext&) {
  Result<const AccountState*> account = FindAccountOf(view, account_id);
  if (!account.ok()) return account.error();
  AccountSettings next = (*account)->settings;
  FieldErrors errors;
  if (patch.default_token_ttl_days) {
    const std::optional<int64_t>& days = *patch.default_token_ttl_days;
    if (days && (*days < 1 || *days > kMaxTokenTtlDays)) {
      errors.Add("default_token_ttl_days", "must be 1 to 3650, or null");
    }
    next.default_token_ttl_days = days;
  }
  if (patch.secret_visibility) {
    std::optional<SecretVisibility> visibility =
        ParseSecretVisibility(*patch.secret_visibility);
    if (!visibility) {
      errors.Add("secret_visibility", "must be \"once\" or \"revealable\"");
    } else {
      next.secret_visibility = *visibility;
    }
  }
  std::optional<int64_t> max_days = (*account)->max_token_ttl_days;
  if (patch.max_token_ttl_days) {
    max_days = *patch.max_token_ttl_days;
    if (max_days && (*max_days < 1 || *max_days > kMaxTokenTtlDays)) {
      errors.Add("max_token_ttl_days", "must be 1 to 3650, or null");
    }
  }
  if (max_days && next.default_token_ttl_days &&
      *next.default_token_ttl_days > *max_days) {
    errors.Add("default_token_ttl_days",
               "must not exceed max_token_ttl_days (" +
                   std::to_string(*max_days) + ")");
  }
  std::string prefix = (*account)->token_prefix;
  if (patch.token_prefix) {
    prefix = patch.token_prefix->value_or("");
    if (prefix == kSecretPrefix) prefix.clear();
    if (!prefix.empty() && !IsValidAccountTokenPrefix(prefix)) {
      errors.Add("token_prefix",
                 "must be 1 to 16 lowercase letters or digits followed by _ "
                 "(such as acme_), or null");
    }
  }
  if (Status status = errors.ToStatus(); !status.ok()) return status.error();
  Events events;
  if (next != (*account)->settings) {
    events.push_back(AccountSettingsChanged{std::string(account_id), next});
  }
  if (max_days != (*account)->max_token_ttl_days) {
    events.push_back(
        AccountExpiryPolicyChanged{std::string(account_id), max_days});
  }
  if (prefix != (*account)->token_prefix) {
    events.push_back(
        AccountTokenPrefixChanged{std::string(account_id), std::move(prefix)});
  }
  return events;
}

Result<Events> BootstrapOperator(const StateView& view,
                                 const OperatorBootstrap& input,
                                 const CommandContext&) {
  if (view.FindAccount(kSystemAccount) != nullptr) {
    return Error::Make(ErrorCode::kConflict, "the operator exists already");
  }
  if (Status status = CheckNewSecret(input.secret); !status.ok()) {
    return status.error();
  }
  const std::string system(kSystemAccount);
  TokenCreated token;
  token.token_id = input.token_id;
  token.account_id = system;
  token.name = "operator";
  token.kind = TokenKind::kGroup;
  token.groups = {input.group_id};
  token.secret_sha256 = Sha256Hex(input.secret);
  token.last4 = std::string(Last4(input.secret));
  return Events{AccountCreated{system, "operator", Plan{}, AccountSettings{}},
                GroupCreated{input.group_id,
                             system,
                             "operators",
                             GroupType::kApi,
                             {std::string(kPermAll)}},
                std::move(token)};
}

}  // namespace keytrail
