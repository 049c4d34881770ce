#include "domain/user_commands.h"

#include <algorithm>

#include "domain/command_support.h"
#include "domain/validation.h"

namespace keytrail {
namespace {

bool IsValidLicense(std::string_view license) {
  return !license.empty() && license.size() <= 64 &&
         std::all_of(license.begin(), license.end(), [](char c) {
           return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
         });
}

void CheckLicenses(FieldErrors& errors, std::vector<std::string>& licenses) {
  SortUnique(licenses);
  for (const std::string& license : licenses) {
    if (!IsValidLicense(license)) {
      errors.Add("licenses", "not a license name ([a-z0-9_]{1,64}): " +
                                 std::string(Trim(license)));
    }
  }
}

}  // namespace

Result<Events> CreateUser(const StateView& view, std::string_view account_id,
                          std::string_view user_id,
                          const CreateUserInput& input, const CommandContext&) {
  Result<const AccountState*> account = FindAccountOf(view, account_id);
  if (!account.ok()) return account.error();
  UserCreated event{std::string(user_id),
                    std::string(account_id),
                    AsciiLower(Trim(input.email)),
                    std::string(Trim(input.name)),
                    input.groups,
                    input.licenses};
  FieldErrors errors;
  if (!IsValidEmail(event.email)) errors.Add("email", "is not an e-mail");
  CheckText(errors, "name", event.name, 0, kMaxNameLength);
  CheckGroups(errors, "groups", event.groups, account_id, GroupType::kUser,
              /*required=*/false, view);
  CheckLicenses(errors, event.licenses);
  if (Status status = errors.ToStatus(); !status.ok()) return status.error();
  bool taken = false;
  view.ForEachUser(account_id, [&](const UserState& user) {
    taken = taken || AsciiLower(user.email) == event.email;
  });
  if (taken) {
    return Error::Make(ErrorCode::kConflict,
                       "a user with this e-mail exists already");
  }
  return Events{std::move(event)};
}

Result<Events> UpdateUser(const StateView& view, std::string_view account_id,
                          std::string_view user_id,
                          const UpdateUserInput& input, const CommandContext&) {
  Result<const UserState*> found = FindUserOf(view, account_id, user_id);
  if (!found.ok()) return found.error();
  const UserState& user = **found;
  UserUpdated event{user.id, user.account_id, user.name, user.groups,
                    user.licenses};
  FieldErrors errors;
  if (input.name) {
    event.name = std::string(Trim(*input.name));
    CheckText(errors, "name", event.name, 0, kMaxNameLength);
  }
  if (input.groups) {
    event.groups = *input.groups;
    CheckGroups(errors, "groups", event.groups, account_id, GroupType::kUser,
                /*required=*/false, view);
  }
  if (input.licenses) {
    event.licenses = *input.licenses;
    CheckLicenses(errors, event.licenses);
  }
  if (Status status = errors.ToStatus(); !status.ok()) return status.error();
  if (event.name == user.name && event.groups == user.groups &&
      event.licenses == user.licenses) {
    return Events{};
  }
  return Events{std::move(event)};
}

Result<Events> DeactivateUser(const StateView& view,
                              std::string_view account_id,
                              std::string_view user_id, const CommandContext&) {
  Result<const UserState*> user = FindUserOf(view, account_id, user_id);
  if (!user.ok()) return user.error();
  if (!(*user)->active) return Events{};
  return Events{UserDeactivated{(*user)->id, (*user)->account_id}};
}

Result<Events> ActivateUser(const StateView& view, std::string_view account_id,
                            std::string_view user_id, const CommandContext&) {
  Result<const UserState*> user = FindUserOf(view, account_id, user_id);
  if (!user.ok()) return user.error();
  if ((*user)->active) return Events{};
  return Events{UserActivated{(*user)->id, (*user)->account_id}};
}

}  // namespace keytrail
