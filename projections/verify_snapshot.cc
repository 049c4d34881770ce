#include "projections/verify_snapshot.h"

#include <algorithm>
#include <utility>

#include "projections/views_state_view.h"

namespace keytrail::projections {

namespace {

// The key under which Build() shares the context of a token without
// grants: everything the context holds depends on these alone.
std::string ContextKey(const TokenState& token) {
  std::string key;
  key.push_back(token.kind == TokenKind::kPersonal ? 'p' : 'g');
  key.append(token.account_id).push_back('\n');
  key.append(token.user_id);
  for (const std::string& group : token.groups) {
    key.push_back('\n');
    key.append(group);
  }
  return key;
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

TokenCredentials VerifySnapshot::credentials() const {
  TokenCredentials out;
  out.id = slot->id;
  out.account_id = context->account_id;
  out.user_id = context->user_id;
  out.groups = &context->own_groups;
  out.kind = kind;
  out.status = status;
  out.expires_at = expires_at;
  out.secret_sha256 = secret_sha256;
  if (previous != nullptr) {
    out.has_previous_secret = true;
    out.previous_secret_sha256 = previous->secret_sha256;
    out.previous_valid_until = previous->valid_until;
  }
  if (policy != nullptr && !policy->ip_binding.empty()) {
    out.ip_binding = &policy->ip_binding;
  }
  return out;
}

const AccountState* SnapshotStateView::FindAccount(std::string_view id) const {
  const VerifyContext& context = *snapshot_.context;
  if (context.account != nullptr && context.account->id == id) {
    return context.account.get();
  }
  if (const AccountState* granting = FindById(context.granting_accounts, id)) {
    return granting;
  }
  if (context.all_accounts != nullptr &&
      context.all_accounts->find(id) != context.all_accounts->end()) {
    // An operator token: only existence matters; the plan of the account
    // is never read on the operator's path. The token's own account stands
    // in for it.
    return context.account.get();
  }
  return nullptr;
}

const GroupState* SnapshotStateView::FindGroup(std::string_view id) const {
  return FindById(snapshot_.context->groups, id);
}

const UserState* SnapshotStateView::FindUser(std::string_view id) const {
  const VerifyContext& context = *snapshot_.context;
  if (context.user != nullptr && context.user->id == id) {
    return context.user.get();
  }
  return nullptr;
}

const TokenState* SnapshotStateView::FindToken(std::string_view) const {
  return nullptr;  // Verify() reads its token from TokenCredentials
}

const GrantState* SnapshotStateView::FindGrant(std::string_view id) const {
  return FindById(snapshot_.context->grants, id);
}

const GrantState* SnapshotStateView::FindActiveGrant(
    std::string_view account_id, std::string_view token_id) const {
  for (const auto& grant : snapshot_.context->grants) {
    if (!grant->removed && grant->account_id == account_id &&
        grant->token_id == token_id) {
      return grant.get();
    }
  }
  return nullptr;
}

std::shared_ptr<const VerifySnapshot> SnapshotBuilder::Build(
    const projections::Views& views, const TokenState& token,
    const std::vector<const GrantState*>& grants, TokenSlot* slot) {
  auto snapshot = std::make_shared<VerifySnapshot>();
  snapshot->slot = slot;
  snapshot->context = Context(views, token, grants);
  snapshot->kind = token.kind;
  snapshot->status = token.status;
  snapshot->expires_at = token.expires_at;
  snapshot->secret_sha256 = token.secret_sha256;
  if (token.rare->previous_valid_until) {
    snapshot->previous = std::make_unique<const VerifySnapshot::Previous>(
        VerifySnapshot::Previous{token.rare->previous_secret_sha256,
                                 token.rare->previous_valid_until});
  }
  const ViewsStateView view(views);
  IpBinding binding = IpBindingOf(token, view);
  std::vector<RateBucketRef> buckets = Buckets(RateBucketsOf(token, view));
  std::optional<VerifySnapshot::CreditsPolicy> credits;
  if (token.rare->credits) {
    credits = VerifySnapshot::CreditsPolicy{
        token.rare->credits_version, token.rare->credits_refill
                                         ? token.rare->credits_refill->interval
                                         : std::string()};
  }
  if (!token.rare->metadata.empty() || !binding.empty() || !buckets.empty() ||
      credits) {
    snapshot->policy = std::make_unique<const VerifySnapshot::Policy>(
        VerifySnapshot::Policy{token.rare->metadata, std::move(binding),
                               std::move(buckets), std::move(credits)});
  }
  return snapshot;
}

std::vector<RateBucketRef> SnapshotBuilder::Buckets(
    std::vector<RateBucketKey> keys) {
  std::vector<RateBucketRef> refs;
  refs.reserve(keys.size());
  for (RateBucketKey& key : keys) {
    std::shared_ptr<RateBucketCell>& cell = buckets_[std::move(key.key)];
    if (cell == nullptr) cell = std::make_shared<RateBucketCell>();
    refs.push_back({key.limit, cell});
  }
  return refs;
}

std::shared_ptr<const VerifyContext> SnapshotBuilder::Context(
    const projections::Views& views, const TokenState& token,
    const std::vector<const GrantState*>& grants) {
  const bool granted =
      std::any_of(grants.begin(), grants.end(),
                  [](const GrantState* grant) { return !grant->removed; });
  std::string key;
  if (!granted) {
    key = ContextKey(token);
    if (auto it = contexts_.find(key); it != contexts_.end()) return it->second;
  }
  auto context = std::make_shared<VerifyContext>();
  context->account_id = token.account_id;
  context->user_id = token.user_id;
  context->own_groups = token.groups;
  context->account = Account(views, token.account_id);
  if (token.kind == TokenKind::kPersonal) {
    context->user = User(views, token.user_id);
    if (context->user != nullptr) {
      for (const std::string& id : context->user->groups) {
        AddGroup(context->groups, Group(views, id));
      }
    }
  } else {
    for (const std::string& id : token.groups) {
      AddGroup(context->groups, Group(views, id));
    }
  }
  for (const GrantState* grant : grants) {
    if (grant->removed) continue;
    context->grants.push_back(std::make_shared<const GrantState>(*grant));
    if (auto granting = Account(views, grant->account_id)) {
      context->granting_accounts.push_back(std::move(granting));
    }
    for (const std::string& id : grant->groups) {
      AddGroup(context->groups, Group(views, id));
    }
  }
  if (token.account_id == kSystemAccount) {
    context->all_accounts = account_ids_;
  }
  if (!granted) contexts_.emplace(std::move(key), context);
  return context;
}

void SnapshotBuilder::ForgetAccount(const std::string& id) {
  accounts_.erase(id);
  contexts_.clear();
}
void SnapshotBuilder::ForgetUser(const std::string& id) {
  users_.erase(id);
  contexts_.clear();
}
void SnapshotBuilder::ForgetGroup(const std::string& id) {
  groups_.erase(id);
  contexts_.clear();
}

void SnapshotBuilder::SetAccountIds(AccountIds ids) {
  account_ids_ = std::make_shared<const AccountIds>(std::move(ids));
  contexts_.clear();  // operator contexts hold the old ids
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

}  // namespace keytrail::projections
