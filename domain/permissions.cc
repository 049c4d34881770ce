#include "domain/permissions.h"

#include <algorithm>

namespace keytrail {
namespace {

bool IsNameChar(char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
         (c >= 'a' && c <= 'z') || c == '_' || c == '.' || c == '-';
}

bool IsName(std::string_view text) {
  if (text.empty() || text[0] == '_' || text[0] == '.' || text[0] == '-') {
    return false;
  }
  return std::all_of(text.begin(), text.end(), IsNameChar);
}

}  // namespace

bool IsValidPermission(std::string_view permission) {
  if (permission == kPermAll) return true;
  if (permission.size() > kMaxPermissionLength) return false;
  const size_t colon = permission.find(':');
  if (colon == std::string_view::npos) return false;
  const std::string_view resource = permission.substr(0, colon);
  const std::string_view action = permission.substr(colon + 1);
  return IsName(resource) && (action == "*" || IsName(action));
}

bool Allows(const std::vector<std::string>& granted, std::string_view wanted) {
  const size_t colon = wanted.find(':');
  for (const std::string& permission : granted) {
    if (permission == kPermAll || permission == wanted) return true;
    // "resource:*" covers "resource:<anything>".
    if (colon != std::string_view::npos && permission.size() == colon + 2 &&
        permission.compare(0, colon + 1, wanted.substr(0, colon + 1)) == 0 &&
        permission.back() == '*') {
      return true;
    }
  }
  return false;
}

std::vector<std::string> PermissionsOfGroups(
    const std::vector<std::string>& group_ids, std::string_view account_id,
    GroupType type, const StateView& view) {
  std::vector<std::string> out;
  for (const std::string& id : group_ids) {
    const GroupState* group = view.FindGroup(id);
    if (group == nullptr || group->deleted || group->type != type ||
        group->account_id != account_id) {
      continue;
    }
    out.insert(out.end(), group->permissions.begin(), group->permissions.end());
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<std::string> EffectivePermissions(const TokenState& token,
                                              const StateView& view) {
  return EffectivePermissions(token.kind, token.account_id, token.user_id,
                              token.groups, view);
}

std::vector<std::string> EffectivePermissions(
    TokenKind kind, std::string_view account_id, std::string_view user_id,
    const std::vector<std::string>& groups, const StateView& view) {
  if (kind == TokenKind::kGroup) {
    return PermissionsOfGroups(groups, account_id, GroupType::kApi, view);
  }
  const UserState* user = view.FindUser(user_id);
  if (user == nullptr || user->account_id != account_id) return {};
  return PermissionsOfGroups(user->groups, account_id, GroupType::kUser, view);
}

const std::vector<std::string>& PermissionGroupsOf(const TokenState& token,
                                                   const StateView& view) {
  static const std::vector<std::string> kNone;
  if (token.kind == TokenKind::kGroup) return token.groups;
  const UserState* user = view.FindUser(token.user_id);
  return user != nullptr ? user->groups : kNone;
}

std::vector<std::string> GrantPermissions(const GrantState& grant,
                                          const StateView& view) {
  return PermissionsOfGroups(grant.groups, grant.account_id, GroupType::kApi,
                             view);
}

}  // namespace keytrail
