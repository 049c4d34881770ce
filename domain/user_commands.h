// User commands (docs/api.md §3 "Users"; the caller checks users:edit).
// Tiflux: a user needs the license "API por usuário" (api_per_user) to create
// personal tokens, and while a user is inactive their personal tokens fail
// verification with USER_INACTIVE; activating the user restores them.
#ifndef KEYTRAIL_DOMAIN_USER_COMMANDS_H_
#define KEYTRAIL_DOMAIN_USER_COMMANDS_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/command.h"
#include "domain/state_view.h"

namespace keytrail {

// The license that allows a user to create personal tokens (Tiflux).
inline constexpr std::string_view kLicenseApiPerUser = "api_per_user";

struct CreateUserInput {
  std::string email;                  // IsValidEmail; stored lowercased
  std::string name;                   // optional, up to 100 characters
  std::vector<std::string> groups;    // groups of type user of the account
  std::vector<std::string> licenses;  // [a-z0-9_]{1,64} each
};

// -> UserCreated. kNotFound for an unknown account; kInvalid for a bad
// field or a group that is unknown or not of type user; kConflict when
// another user of the account has the same e-mail (case-insensitive).
Result<Events> CreateUser(const StateView& view, std::string_view account_id,
                          std::string_view user_id,
                          const CreateUserInput& input,
                          const CommandContext& context);

struct UpdateUserInput {
  std::optional<std::string> name;
  std::optional<std::vector<std::string>> groups;
  std::optional<std::vector<std::string>> licenses;
};

// -> UserUpdated with name, groups and licenses after the change. The
// user's personal tokens follow the new groups at once. Removing
// api_per_user stops new personal tokens; existing ones keep working. No
// event when nothing changes.
Result<Events> UpdateUser(const StateView& view, std::string_view account_id,
                          std::string_view user_id,
                          const UpdateUserInput& input,
                          const CommandContext& context);

// -> UserDeactivated / UserActivated; no event when already so.
Result<Events> DeactivateUser(const StateView& view,
                              std::string_view account_id,
                              std::string_view user_id,
                              const CommandContext& context);
Result<Events> ActivateUser(const StateView& view, std::string_view account_id,
                            std::string_view user_id,
                            const CommandContext& context);

}  // namespace keytrail

#endif  // KEYTRAIL_DOMAIN_USER_COMMANDS_H_
