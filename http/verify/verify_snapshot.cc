#include "http/verify/verify_snapshot.h"

#include <algorithm>
#include <utility>

namespace keytrail::http {

namespace {

// The fields of `token` that Verify() and the verification answer read.
TokenState TrimmedToken(const TokenState& token) {
  TokenState out;
  out.id = token.id;
  out.account_id = token.account_id;
  out.kind = token.kind;
  out.groups = token.groups;
  out.user_id = token.user_id;
  out.status = token.status;
  out.expires_at = token.expires_at;
  out.secret_sha256 = token.secret_sha256;
  out.previous_secret_sha256 = token.previous_secret_sha256;
  out.previous_valid_until = token.previous_valid_until;
  return out;
}

template <typename T>
const T* FindById(const std::vector<std::shared_ptr<const T>>& items,
                  std::string_view id) {
  for (const std::shared_ptr<const T>& item : items) {
    if (item->id == id) return item.get();
  }
  return nullptr;
}

// Returns the cached copy of `id` in `cache`, copying it from `source`
// (nullptr: unknown) on a miss.
template <typename T>
std::shared_ptr<const T> Cached(
    projections::IdMap<std::shared_ptr<const T>>& cache, const std::string& id,
    const T* source) {
  if (auto it = cache.find(id); it != cache.end()) return it->second;
  if (source == nullptr) return nullptr;
  auto copy = std::make_shared<const T>(*source);
  cache.emplace(id, copy);
  return copy;
}

void AddGroup(std::vector<std::shared_ptr<const GroupState>>& groups,
              std::shared_ptr<const GroupState> group) {
  if (group == nullptr) return;
  for (const auto& known : groups) {
    if (known->id == group->id) return;
  }
  groups.push_back(std::move(group));
}

}  // namespace

void TokenLive::Add(int64_t count, Micros at, std::string_view ip) {
  std::lock_guard lock(mu_);
  usage_.use_count += count;
  if (!usage_.last_used_at || at >= *usage_.last_used_at) {
    usage_.last_used_at = at;
    usage_.last_used_ip.assign(ip);
  }
}

LiveUsage TokenLive::Get() const {
  std::lock_guard lock(mu_);
  return usage_;
}

const AccountState* SnapshotStateView::FindAccount(std::string_view id) const {
  if (snapshot_.account != nullptr && snapshot_.account->id == id) {
    return snapshot_.account.get();
  }
  if (const AccountState* granting =
          FindById(snapshot_.granting_accounts, id)) {
    return granting;
  }
  if (snapshot_.all_accounts != nullptr &&
      snapshot_.all_accounts->find(id) != snapshot_.all_accounts->end()) {
    // An operator token: only existence matters; the plan of the account
    // is never read on the operator's path. The token's own account stands
    // in for it.
    return snapshot_.account.get();
  }
  return nullptr;
}

const GroupState* SnapshotStateView::FindGroup(std::string_view id) const {
  return FindById(snapshot_.groups, id);
}

const UserState* SnapshotStateView::FindUser(std::string_view id) const {
  if (snapshot_.user != nullptr && snapshot_.user->id == id) {
    return snapshot_.user.get();
  }
  return nullptr;
}

const TokenState* SnapshotStateView::FindToken(std::string_view id) const {
  return snapshot_.token.id == id ? &snapshot_.token : nullptr;
}

const GrantState* SnapshotStateView::FindGrant(std::string_view id) const {
  return FindById(snapshot_.grants, id);
}

const GrantState* SnapshotStateView::FindActiveGrant(
    std::string_view account_id, std::string_view token_id) const {
  for (const auto& grant : snapshot_.grants) {
    if (!grant->removed && grant->account_id == account_id &&
        grant->token_id == token_id) {
      return grant.get();
    }
  }
  return nullptr;
}

std::shared_ptr<const VerifySnapshot> SnapshotBuilder::Build(
    const projections::Views& views, const TokenState& token,
    const std::vector<const GrantState*>& grants,
    std::shared_ptr<TokenLive> live) {
  auto snapshot = std::make_shared<VerifySnapshot>();
  snapshot->token = TrimmedToken(token);
  snapshot->account = Account(views, token.account_id);
  if (token.kind == TokenKind::kPersonal) {
    snapshot->user = User(views, token.user_id);
    if (snapshot->user != nullptr) {
      for (const std::string& id : snapshot->user->groups) {
        AddGroup(snapshot->groups, Group(views, id));
      }
    }
  } else {
    for (const std::string& id : token.groups) {
      AddGroup(snapshot->groups, Group(views, id));
    }
  }
  for (const GrantState* grant : grants) {
    if (grant->removed) continue;
    snapshot->grants.push_back(std::make_shared<const GrantState>(*grant));
    if (auto granting = Account(views, grant->account_id)) {
      snapshot->granting_accounts.push_back(std::move(granting));
    }
    for (const std::string& id : grant->groups) {
      AddGroup(snapshot->groups, Group(views, id));
    }
  }
  if (token.account_id == kSystemAccount) {
    snapshot->all_accounts = account_ids_;
  }
  snapshot->live = std::move(live);
  return snapshot;
}

void SnapshotBuilder::ForgetAccount(const std::string& id) {
  accounts_.erase(id);
}
void SnapshotBuilder::ForgetUser(const std::string& id) { users_.erase(id); }
void SnapshotBuilder::ForgetGroup(const std::string& id) { groups_.erase(id); }

void SnapshotBuilder::SetAccountIds(AccountIds ids) {
  account_ids_ = std::make_shared<const AccountIds>(std::move(ids));
}

std::shared_ptr<const AccountState> SnapshotBuilder::Account(
    const projections::Views& views, const std::string& id) {
  return Cached(accounts_, id, views.account(id));
}

std::shared_ptr<const UserState> SnapshotBuilder::User(
    const projections::Views& views, const std::string& id) {
  return Cached(users_, id, views.user(id));
}

std::shared_ptr<const GroupState> SnapshotBuilder::Group(
    const projections::Views& views, const std::string& id) {
  return Cached(groups_, id, views.group(id));
}

}  // namespace keytrail::http
