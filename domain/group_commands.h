// Group commands (docs/api.md §3 "Groups"; the caller checks groups:edit).
// Apresenta.me: a token's access is defined by the group linked to it, of
// type API; full access is a group with "*". Users hold groups of type user
// (Tiflux: a personal token acts with its user's access profile).
#ifndef KEYTRAIL_DOMAIN_GROUP_COMMANDS_H_
#define KEYTRAIL_DOMAIN_GROUP_COMMANDS_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/command.h"
#include "domain/state_view.h"

namespace keytrail {

inline constexpr size_t kMaxPermissionsPerGroup = 256;

struct CreateGroupInput {
  std::string name;                      // 1-100 characters, trimmed
  std::string type;                      // "api" | "user"
  std::vector<std::string> permissions;  // IsValidPermission; sorted, deduped
  std::vector<std::string> bound_cidrs;  // domain/ip_binding.h; empty: any IP
  std::optional<RateLimit> rate_limit;   // domain/rate_limit.h; shared bucket
};

// -> GroupCreated, then GroupBoundCidrsChanged and GroupRateLimitChanged
// when bound_cidrs or rate_limit are given.
// kNotFound for an unknown account; kInvalid for a bad name, type,
// permission or CIDR.
Result<Events> CreateGroup(const StateView& view, std::string_view account_id,
                           std::string_view group_id,
                           const CreateGroupInput& input,
                           const CommandContext& context);

struct UpdateGroupInput {
  std::optional<std::string> name;
  std::optional<std::vector<std::string>> permissions;
  std::optional<std::vector<std::string>> bound_cidrs;  // [] unbinds
  std::optional<std::optional<RateLimit>> rate_limit;   // null: none
};

// -> GroupUpdated (name and permissions after the change) and/or
// GroupBoundCidrsChanged and GroupRateLimitChanged. The tokens and users of the
// group follow at once: permissions and IP binding are derived live. No event
// when nothing changes.
Result<Events> UpdateGroup(const StateView& view, std::string_view account_id,
                           std::string_view group_id,
                           const UpdateGroupInput& input,
                           const CommandContext& context);

// -> GroupDeleted. kGroupInUse while a token that is not revoked, a user or
// a grant that is not removed is bound to the group.
Result<Events> DeleteGroup(const StateView& view, std::string_view account_id,
                           std::string_view group_id,
                           const CommandContext& context);

}  // namespace keytrail

#endif  // KEYTRAIL_DOMAIN_GROUP_COMMANDS_H_
