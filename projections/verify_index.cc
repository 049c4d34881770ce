#include "projections/verify_index.h"

#include <algorithm>
#include <functional>
#include <mutex>
#include <utility>

#include "base/overloaded.h"
#include "projections/views_internal.h"

namespace keytrail::projections {

namespace {

using projections::SecretKey;
using projections::Views;

void AddKey(std::vector<SecretKey>& keys, const SecretKey& key) {
  if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
    keys.push_back(key);
  }
}

// The secrets `snapshot` answers to as current or previous.
void AddKeysOf(std::vector<SecretKey>& keys, const VerifySnapshot& snapshot) {
  AddKey(keys, snapshot.secret_sha256);
  if (snapshot.previous != nullptr) {
    AddKey(keys, snapshot.previous->secret_sha256);
  }
}

bool Contains(const std::vector<std::string>& items, const std::string& id) {
  return std::find(items.begin(), items.end(), id) != items.end();
}

}  // namespace

VerifyIndex::VerifyIndex(uint64_t own_events_after)
    : own_events_after_(own_events_after) {}

void VerifyIndex::AttachTo(const std::shared_ptr<VerifyIndex>& self,
                           projections::ProjectionEngine& engine) {
  engine.AddListener(
      [self, &engine](const eventstore::RecordedEvent& recorded,
                      const Event& event) {
        if (!self->NeedsViews(recorded.seq, event)) {
          static const Views kNoViews;
          return self->Apply(kNoViews, recorded, event);
        }
        // The applier is the only writer of the views and runs this
        // listener, so this shared lock never waits for long.
        projections::ProjectionEngine::ReadLock views = engine.Read();
        self->Apply(views.views(), recorded, event);
      },
      [self](const Views& views) { self->Load(views); });
}

VerifyIndex::SecretShard& VerifyIndex::SecretShardOf(
    const SecretKey& key) const {
  // A SHA-256: its bytes are uniform, and the map's hash reads bytes 0-7.
  return secrets_[key[8] % kShards];
}

VerifyIndex::TokenShard& VerifyIndex::TokenShardOf(std::string_view id) const {
  return tokens_[std::hash<std::string_view>{}(id) % kShards];
}

std::shared_ptr<const VerifySnapshot> VerifyIndex::Find(
    const SecretKey& key) const {
  const SecretShard& shard = SecretShardOf(key);
  std::shared_lock lock(shard.mu);
  auto it = shard.map.find(key);
  return it == shard.map.end() ? nullptr : it->second;
}

std::shared_ptr<const VerifySnapshot> VerifyIndex::FindToken(
    std::string_view id) const {
  const TokenShard& shard = TokenShardOf(id);
  std::shared_lock lock(shard.mu);
  auto it = shard.map.find(id);
  return it == shard.map.end() ? nullptr : it->second.snapshot;
}

void VerifyIndex::Load(const Views& views) {
  std::vector<std::string> accounts{std::string(kSystemAccount)};
  projections::PageRequest page;
  page.limit = projections::kMaxPageLimit;
  while (true) {
    Result<projections::Page<AccountState>> listed = views.ListAccounts(page);
    if (!listed.ok()) break;  // cannot happen: no cursor of another list
    for (const AccountState* account : listed->items) {
      accounts.push_back(account->id);
    }
    if (!listed->next_cursor) break;
    page.cursor = *listed->next_cursor;
  }
  account_ids_.insert(accounts.begin(), accounts.end());
  builder_.SetAccountIds(account_ids_);
  for (const std::string& account : accounts) {
    for (const GrantState* grant : views.grants_of_account(account)) {
      AddGrant(*grant);
    }
  }
  views.ForEachRetiredSecret(
      [&](const SecretKey& key, const std::string& token_id) {
        AddKey(retired_[token_id], key);
      });
  for (const std::string& account : accounts) {
    for (const TokenState* token : views.tokens_of_account(account)) {
      Rebuild(views, token->id);
    }
  }
}

bool VerifyIndex::NeedsViews(uint64_t seq, const Event& event) const {
  (void)seq;
  return std::visit(
      [](const auto& e) {
        using E = std::decay_t<decltype(e)>;
        // Usage and records change nothing a verification reads; a new
        // group or user has no token yet, so no verification can change.
        return E::kRole != EventRole::kUsage &&
               E::kRole != EventRole::kRecords &&
               E::kAggregate != Aggregate::kSession &&
               !(E::kRole == EventRole::kCreates &&
                 (E::kAggregate == Aggregate::kGroup ||
                  E::kAggregate == Aggregate::kUser));
      },
      event);
}

void VerifyIndex::Apply(const Views& views,
                        const eventstore::RecordedEvent& recorded,
                        const Event& event) {
  auto account_changed = [&](const std::string& account_id) {
    builder_.ForgetAccount(account_id);
    RebuildAll(views, views.tokens_of_account(account_id));
    RebuildGrantedBy(views, account_id);
  };
  auto user_changed = [&](const std::string& user_id) {
    builder_.ForgetUser(user_id);
    RebuildAll(views, views.personal_tokens(user_id));
  };
  auto group_changed = [&](const std::string& group_id) {
    builder_.ForgetGroup(group_id);
    RebuildGroupDependents(views, group_id);
  };
  std::visit(
      Overloaded{
          [&](const AccountCreated& e) {
            account_ids_.insert(e.account_id);
            builder_.SetAccountIds(account_ids_);
            RebuildAll(views, views.tokens_of_account(kSystemAccount));
          },
          [&](const AccountPlanChanged& e) { account_changed(e.account_id); },
          [&](const AccountSettingsChanged& e) {
            account_changed(e.account_id);
          },
          // Verification does not read the policy: it decides issuance only.
          [&](const AccountExpiryPolicyChanged&) {},
          // Verification hashes the whole secret, prefix included.
          [&](const AccountTokenPrefixChanged&) {},
          [&](const WebhookSubscribed&) {},
          [&](const WebhookUnsubscribed&) {},
          [&](const GroupCreated&) {},
          [&](const GroupUpdated& e) { group_changed(e.group_id); },
          [&](const GroupDeleted& e) { group_changed(e.group_id); },
          [&](const GroupBoundCidrsChanged& e) { group_changed(e.group_id); },
          [&](const GroupRateLimitChanged& e) { group_changed(e.group_id); },
          [&](const UserCreated&) {},
          [&](const UserUpdated& e) { user_changed(e.user_id); },
          [&](const UserDeactivated& e) { user_changed(e.user_id); },
          [&](const UserActivated& e) { user_changed(e.user_id); },
          [&](const TokenUsed& e) {
            if (recorded.seq > own_events_after_) return;  // counted live
            if (auto snapshot = FindToken(e.token_id)) {
              snapshot->live().Add(e.count, e.last_at, e.ip);
            }
          },
          [&](const TokenUseRejected&) {},
          [&](const UnknownTokenRejected&) {},
          [&](const TokenRevealed&) {},
          [&](const TokenLookedUp&) {},
          [&](const TokenExpiring&) {},
          [&](const ConsoleSignedIn&) {},
          [&](const ConsoleSessionTouched&) {},
          [&](const ConsoleSignedOut&) {},
          [&](const ConsoleSignInFailed&) {},
          [&](const GrantAdded& e) {
            if (const GrantState* grant = views.grant(e.grant_id)) {
              AddGrant(*grant);
            }
            Rebuild(views, e.token_id);
          },
          [&](const GrantRemoved& e) {
            if (const GrantState* grant = views.grant(e.grant_id)) {
              Rebuild(views, grant->token_id);
            }
          },
          // TokenCreated, TokenUpdated, TokenRegenerated, TokenDisabled,
          // TokenEnabled, TokenRevoked.
          [&](const auto& e) { Rebuild(views, e.token_id); },
      },
      event);
}

void VerifyIndex::Rebuild(const Views& views, const std::string& id) {
  const TokenState* token = views.token(id);
  if (token == nullptr) return;
  TokenShard& shard = TokenShardOf(id);
  // Only this thread writes the maps, so reading without the lock is safe.
  auto found = shard.map.find(std::string_view(id));
  if (found == shard.map.end()) {
    std::unique_lock lock(shard.mu);
    // Key and slot view the id held by the views (token_table.h).
    found = shard.map.try_emplace(std::string_view(token->id), *token).first;
    tokens_indexed_.fetch_add(1);
  }
  TokenEntry& entry = found->second;
  std::shared_ptr<const VerifySnapshot> snapshot =
      builder_.Build(views, *token, GrantsOf(views, id), &entry.slot);

  std::vector<SecretKey> keys;
  AddKeysOf(keys, *snapshot);
  std::vector<SecretKey>* retired = nullptr;
  if (auto it = retired_.find(id); it != retired_.end()) retired = &it->second;
  if (entry.snapshot != nullptr) {
    // Secrets the token had and no longer has are retired from now on.
    std::vector<SecretKey> before;
    AddKeysOf(before, *entry.snapshot);
    for (const SecretKey& key : before) {
      if (std::find(keys.begin(), keys.end(), key) != keys.end()) continue;
      if (retired == nullptr) retired = &retired_[id];
      AddKey(*retired, key);
    }
  }
  if (retired != nullptr) {
    for (const SecretKey& key : *retired) AddKey(keys, key);
  }
  for (const SecretKey& key : keys) {
    SecretShard& secrets = SecretShardOf(key);
    std::unique_lock lock(secrets.mu);
    secrets.map.insert_or_assign(key, snapshot);
  }
  std::unique_lock lock(shard.mu);
  entry.snapshot = std::move(snapshot);
}

void VerifyIndex::RebuildAll(const Views& views,
                             const std::vector<const TokenState*>& tokens) {
  // Rebuild() never changes the views, so `tokens` stays valid.
  for (const TokenState* token : tokens) Rebuild(views, token->id);
}

void VerifyIndex::RebuildGrantedBy(const Views& views,
                                   const std::string& account_id) {
  auto it = grants_by_account_.find(account_id);
  if (it == grants_by_account_.end()) return;
  for (const std::string& grant_id : it->second) {
    if (const GrantState* grant = views.grant(grant_id)) {
      Rebuild(views, grant->token_id);
    }
  }
}

void VerifyIndex::RebuildGroupDependents(const Views& views,
                                         const std::string& group_id) {
  const GroupState* group = views.group(group_id);
  if (group == nullptr) return;
  for (const TokenState* token : views.tokens_of_account(group->account_id)) {
    bool depends = Contains(token->groups, group_id);
    if (!depends && token->kind == TokenKind::kPersonal) {
      const UserState* user = views.user(token->user_id);
      depends = user != nullptr && Contains(user->groups, group_id);
    }
    if (depends) Rebuild(views, token->id);
  }
  auto it = grants_by_account_.find(group->account_id);
  if (it == grants_by_account_.end()) return;
  for (const std::string& grant_id : it->second) {
    const GrantState* grant = views.grant(grant_id);
    if (grant != nullptr && Contains(grant->groups, group_id)) {
      Rebuild(views, grant->token_id);
    }
  }
}

void VerifyIndex::AddGrant(const GrantState& grant) {
  std::vector<std::string>& of_token = grants_by_token_[grant.token_id];
  if (!Contains(of_token, grant.id)) of_token.push_back(grant.id);
  std::vector<std::string>& of_account = grants_by_account_[grant.account_id];
  if (!Contains(of_account, grant.id)) of_account.push_back(grant.id);
}

std::vector<const GrantState*> VerifyIndex::GrantsOf(
    const Views& views, const std::string& token_id) const {
  std::vector<const GrantState*> grants;
  auto it = grants_by_token_.find(token_id);
  if (it == grants_by_token_.end()) return grants;
  for (const std::string& grant_id : it->second) {
    const GrantState* grant = views.grant(grant_id);
    if (grant != nullptr && !grant->removed) grants.push_back(grant);
  }
  return grants;
}

}  // namespace keytrail::projections
