// Account commands (docs/api.md §3 "Accounts and plans"). Only the operator may
// create accounts and change plans; settings need settings:edit. Those
// checks belong to the caller (http/), which knows the principal.
//
// Plans (Pingback: API keys only on paid plans, 1 key per account): a plan
// without api_access makes every token of the account read as disabled with
// reason "plan" and fail verification with PLAN_DISABLED, without an event
// per token (see EffectiveStatusOf in state.h), so that a later plan with
// api_access re-enables exactly the tokens that were active before.
// max_active_tokens caps the tokens that are active and unexpired.
#ifndef KEYTRAIL_DOMAIN_ACCOUNT_COMMANDS_H_
#define KEYTRAIL_DOMAIN_ACCOUNT_COMMANDS_H_

#include <optional>
#include <string>
#include <string_view>

#include "domain/command.h"
#include "domain/state_view.h"

namespace keytrail {

inline constexpr int64_t kMaxTokenTtlDays = 3650;

struct CreateAccountInput {
  std::string id;            // [a-z0-9][a-z0-9-]{0,62}
  std::string name;          // 1-100 characters
  std::optional<Plan> plan;  // default: Plan{} (api access, no cap)
};

// -> AccountCreated. kInvalid for a bad id (or "_system") or name;
// kConflict when the account exists.
Result<Events> CreateAccount(const StateView& view,
                             const CreateAccountInput& input,
                             const CommandContext& context);

// -> AccountPlanChanged. kInvalid for an empty name or a negative
// max_active_tokens, or for the _system account (the operator keeps its
// access). No event when the plan is unchanged.
Result<Events> ChangePlan(const StateView& view, std::string_view account_id,
                          const Plan& plan, const CommandContext& context);

// A PATCH of the settings: absent fields keep their value.
struct SettingsPatch {
  // VTEX: the default duration of new tokens, 1-3650 days; null = never.
  std::optional<std::optional<int64_t>> default_token_ttl_days;
  std::optional<std::string> secret_visibility;  // "once" | "revealable"
  // The expiry policy: the longest lifetime of a token, 1-3650 days; null =
  // no maximum (token_commands.h says where it is enforced).
  std::optional<std::optional<int64_t>> max_token_ttl_days = {};
  // The prefix of new secrets, "acme_" (secret.h IsValidAccountTokenPrefix);
  // null or "kt_" = the default "kt_".
  std::optional<std::optional<std::string>> token_prefix = {};
};

// -> AccountSettingsChanged with the whole settings after the patch when
// they change, then AccountExpiryPolicyChanged when the policy changes, then
// AccountTokenPrefixChanged when the prefix changes (kInvalid for a bad one).
// kInvalid for a ttl outside 1..3650, an unknown visibility, or a default
// duration longer than the maximum (or none while a maximum is set: new
// tokens then get the maximum). No event when nothing changes.
Result<Events> ChangeSettings(const StateView& view,
                              std::string_view account_id,
                              const SettingsPatch& patch,
                              const CommandContext& context);

// The first start of an empty store (docs/api.md §1): the _system account, an
// api group with "*" and the operator's token bound to it.
struct OperatorBootstrap {
  std::string group_id;  // NewId(kGroupIdPrefix, ...)
  std::string token_id;  // NewId(kTokenIdPrefix, ...)
  std::string secret;    // GenerateSecret(...); printed once by the caller
};

// -> AccountCreated, GroupCreated, TokenCreated (three streams). kConflict
// when _system exists already.
Result<Events> BootstrapOperator(const StateView& view,
                                 const OperatorBootstrap& input,
                                 const CommandContext& context);

}  // namespace keytrail

#endif  // KEYTRAIL_DOMAIN_ACCOUNT_COMMANDS_H_
