// Permissions (docs/api.md §1): strings "resource:action", or "*" for full
// access. keytrail interprets the management permissions below; any other
// valid string (contacts:read, orders:write) is an application permission it
// stores and returns from verification without interpreting it.
//
// A token's permissions are derived, never stored on the token, so that
// changes to groups and users apply at once (Tiflux: a personal token acts
// with its user's access profile; Apresenta.me: the linked group defines what
// an integration may do):
//   group token     union of its groups of type api;
//   personal token  union of its user's groups of type user;
//   via a grant     union of the grant's groups (of the granting account).
// Deleted groups, groups of the wrong type or of another account add nothing.
#ifndef KEYTRAIL_DOMAIN_PERMISSIONS_H_
#define KEYTRAIL_DOMAIN_PERMISSIONS_H_

#include <string>
#include <string_view>
#include <vector>

#include "domain/state.h"
#include "domain/state_view.h"

namespace keytrail {

// Management permissions (VTEX: View API Keys, Edit API Keys, Renew API
// Token, Edit API Keys settings).
inline constexpr std::string_view kPermAll = "*";
inline constexpr std::string_view kPermTokensView = "tokens:view";
inline constexpr std::string_view kPermTokensEdit = "tokens:edit";
inline constexpr std::string_view kPermTokensRenew = "tokens:renew";
inline constexpr std::string_view kPermGroupsEdit = "groups:edit";
inline constexpr std::string_view kPermUsersEdit = "users:edit";
inline constexpr std::string_view kPermSettingsEdit = "settings:edit";
inline constexpr std::string_view kPermAuditRead = "audit:read";
inline constexpr std::string_view kPermUsersActAs = "users:act_as";

inline constexpr size_t kMaxPermissionLength = 128;

// "*", or "resource:action" where resource is [A-Za-z0-9][A-Za-z0-9_.-]*
// and action is the same or "*"; at most kMaxPermissionLength characters.
bool IsValidPermission(std::string_view permission);

// Whether `granted` allows `wanted`: "*" allows everything, "resource:*"
// every action of resource, anything else only itself.
bool Allows(const std::vector<std::string>& granted, std::string_view wanted);

// The sorted, deduplicated union of the permissions of `group_ids` that
// exist, are not deleted, belong to `account_id` and are of `type`.
std::vector<std::string> PermissionsOfGroups(
    const std::vector<std::string>& group_ids, std::string_view account_id,
    GroupType type, const StateView& view);

// The token's permissions in its own account (see the file comment). A
// personal token whose user is unknown has none.
std::vector<std::string> EffectivePermissions(const TokenState& token,
                                              const StateView& view);
// The same from the token's fields; `groups` are a group token's groups.
std::vector<std::string> EffectivePermissions(
    TokenKind kind, std::string_view account_id, std::string_view user_id,
    const std::vector<std::string>& groups, const StateView& view);

// The ids of the groups `token` takes its own account's permissions from:
// a group token's groups, a personal token's user's groups (none while the
// user is unknown). Valid while `token` and the user in `view` are.
const std::vector<std::string>& PermissionGroupsOf(const TokenState& token,
                                                   const StateView& view);

// The permissions `grant` gives its token in the granting account.
std::vector<std::string> GrantPermissions(const GrantState& grant,
                                          const StateView& view);

}  // namespace keytrail

#endif  // KEYTRAIL_DOMAIN_PERMISSIONS_H_
