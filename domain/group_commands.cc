#include "domain/group_commands.h"

#include <algorithm>

#include "domain/command_support.h"
#include "domain/ip_binding.h"
#include "domain/permissions.h"
#include "domain/rate_limit.h"
#include "domain/validation.h"

namespace keytrail {
namespace {

void CheckPermissions(FieldErrors& errors,
                      std::vector<std::string>& permissions) {
  SortUnique(permissions);
  if (permissions.size() > kMaxPermissionsPerGroup) {
    errors.Add(
        "permissions",
        "at most " + std::to_string(kMaxPermissionsPerGroup) + " permissions");
  }
  for (const std::string& permission : permissions) {
    if (!IsValidPermission(permission)) {
      errors.Add("permissions",
                 "not a permission (resource:action or *): " + permission);
    }
  }
}

bool Contains(const std::vector<std::string>& items, std::string_view item) {
  return std::find(items.begin(), items.end(), item) != items.end();
}

}  // namespace

Result<Events> CreateGroup(const StateView& view, std::string_view account_id,
                           std::string_view group_id,
                           const CreateGroupInput& input,
                           const CommandContext&) {
  Result<const AccountState*> account = FindAccountOf(view, account_id);
  if (!account.ok()) return account.error();
  FieldErrors errors;
  const std::string_view name = Trim(input.name);
  CheckText(errors, "name", name, 1, kMaxNameLength);
  const std::optional<GroupType> type = ParseGroupType(input.type);
  if (!type) errors.Add("type", "must be \"api\" or \"user\"");
  std::vector<std::string> permissions = input.permissions;
  CheckPermissions(errors, permissions);
  std::vector<std::string> cidrs =
      NormalizeCidrs(errors, "bound_cidrs", input.bound_cidrs);
  if (input.rate_limit) CheckRateLimit(errors, "rate_limit", *input.rate_limit);
  if (Status status = errors.ToStatus(); !status.ok()) return status.error();
  Events events{GroupCreated{std::string(group_id), std::string(account_id),
                             std::string(name), *type, std::move(permissions)}};
  if (!cidrs.empty()) {
    events.push_back(GroupBoundCidrsChanged{
        std::string(group_id), std::string(account_id), std::move(cidrs)});
  }
  if (input.rate_limit) {
    events.push_back(GroupRateLimitChanged{
        std::string(group_id), std::string(account_id), input.rate_limit});
  }
  return events;
}

Result<Events> UpdateGroup(const StateView& view, std::string_view account_id,
                           std::string_view group_id,
                           const UpdateGroupInput& input,
                           const CommandContext&) {
  Result<const GroupState*> group = FindGroupOf(view, account_id, group_id);
  if (!group.ok()) return group.error();
  GroupUpdated event{(*group)->id, (*group)->account_id, (*group)->name,
                     (*group)->permissions};
  FieldErrors errors;
  if (input.name) {
    event.name = std::string(Trim(*input.name));
    CheckText(errors, "name", event.name, 1, kMaxNameLength);
  }
  if (input.permissions) {
    event.permissions = *input.permissions;
    CheckPermissions(errors, event.permissions);
  }
  std::optional<std::vector<std::string>> cidrs;
  if (input.bound_cidrs) {
    cidrs = NormalizeCidrs(errors, "bound_cidrs", *input.bound_cidrs);
  }
  if (input.rate_limit && *input.rate_limit) {
    CheckRateLimit(errors, "rate_limit", **input.rate_limit);
  }
  if (Status status = errors.ToStatus(); !status.ok()) return status.error();
  Events events;
  if (event.name != (*group)->name ||
      event.permissions != (*group)->permissions) {
    events.push_back(std::move(event));
  }
  if (cidrs && *cidrs != (*group)->bound_cidrs) {
    events.push_back(GroupBoundCidrsChanged{(*group)->id, (*group)->account_id,
                                            std::move(*cidrs)});
  }
  if (input.rate_limit && *input.rate_limit != (*group)->rate_limit) {
    events.push_back(GroupRateLimitChanged{(*group)->id, (*group)->account_id,
                                           *input.rate_limit});
  }
  return events;
}

Result<Events> DeleteGroup(const StateView& view, std::string_view account_id,
                           std::string_view group_id, const CommandContext&) {
  Result<const GroupState*> group = FindGroupOf(view, account_id, group_id);
  if (!group.ok()) return group.error();
  size_t tokens = 0, users = 0, grants = 0;
  view.ForEachToken(account_id, [&](const TokenState& token) {
    if (token.status != TokenStatus::kRevoked &&
        Contains(token.groups, group_id)) {
      ++tokens;
    }
  });
  view.ForEachUser(account_id, [&](const UserState& user) {
    if (Contains(user.groups, group_id)) ++users;
  });
  view.ForEachGrant(account_id, [&](const GrantState& grant) {
    if (!grant.removed && Contains(grant.groups, group_id)) ++grants;
  });
  if (tokens + users + grants > 0) {
    return Error::Make(ErrorCode::kGroupInUse,
                       "group " + std::string(group_id) + " is bound to " +
                           std::to_string(tokens) + " token(s), " +
                           std::to_string(users) + " user(s) and " +
                           std::to_string(grants) + " grant(s)");
  }
  return Events{GroupDeleted{std::string(group_id), std::string(account_id)}};
}

}  // namespace keytrail
