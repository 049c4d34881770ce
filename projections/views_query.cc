// The read side of Views: lookups and lists.
#include <algorithm>

#include "projections/views.h"
#include "projections/views_internal.h"

namespace keytrail::projections {
namespace {

template <typename T>
const T* FindIn(const IdMap<T>& map, std::string_view id) {
  auto it = map.find(id);
  return it == map.end() ? nullptr : &it->second;
}

template <typename T>
const std::vector<const T*>& ListIn(const IdMap<std::vector<const T*>>& map,
                                    std::string_view id) {
  static const std::vector<const T*> kEmpty;
  auto it = map.find(id);
  return it == map.end() ? kEmpty : it->second;
}

bool ValidStatusFilter(std::string_view status) {
  return status.empty() || status == "active" || status == "disabled" ||
         status == "revoked" || status == "expired";
}

std::string TokenSortKey(const TokenState& token, const TokenQuery& query) {
  switch (query.sort) {
    case TokenSort::kName:
      return TextSortKey(token.name);
    case TokenSort::kCreatedAt:
      return TimeSortKey(token.created_at);
    case TokenSort::kUpdatedAt:
      return TimeSortKey(token.updated_at);
    case TokenSort::kLastUsedAt:
      return OptionalTimeSortKey(query.shown_last_used_at
                                     ? query.shown_last_used_at(token)
                                     : token.last_used_at);
  }
  return {};
}

// The list of `T`s (groups, users, grants) of an account, by created_at.
template <typename T>
Result<Page<T>> ListByCreation(std::string_view list,
                               const std::vector<const T*>& all,
                               bool (*listed)(const T&),
                               const PageRequest& page) {
  std::vector<SortedItem<T>> items;
  items.reserve(all.size());
  for (const T* item : all) {
    if (listed(*item)) {
      items.push_back({TimeSortKey(item->created_at), &item->id, item});
    }
  }
  return Paginate(list, std::move(items), SortOrder::kAsc, page);
}

}  // namespace

std::optional<TokenSort> ParseTokenSort(std::string_view text) {
  if (text == "name") return TokenSort::kName;
  if (text == "created_at") return TokenSort::kCreatedAt;
  if (text == "updated_at") return TokenSort::kUpdatedAt;
  if (text == "last_used_at") return TokenSort::kLastUsedAt;
  return std::nullopt;
}

std::string_view ToString(TokenSort sort) {
  switch (sort) {
    case TokenSort::kName:
      return "name";
    case TokenSort::kCreatedAt:
      return "created_at";
    case TokenSort::kUpdatedAt:
      return "updated_at";
    case TokenSort::kLastUsedAt:
      return "last_used_at";
  }
  return "created_at";
}

std::optional<SortOrder> ParseSortOrder(std::string_view text) {
  if (text == "asc") return SortOrder::kAsc;
  if (text == "desc") return SortOrder::kDesc;
  return std::nullopt;
}

std::string_view ToString(SortOrder order) {
  return order == SortOrder::kAsc ? "asc" : "desc";
}

const AccountState* Views::account(std::string_view id) const {
  return FindIn(state_.accounts, id);
}
const GroupState* Views::group(std::string_view id) const {
  return FindIn(state_.groups, id);
}
const UserState* Views::user(std::string_view id) const {
  return FindIn(state_.users, id);
}
size_t Views::aggregate_count() const {
  return state_.accounts.size() + state_.groups.size() + state_.users.size() +
         state_.tokens.size() + state_.grants.size();
}

const TokenState* Views::token(std::string_view id) const {
  return state_.tokens.Find(id);
}
const GrantState* Views::grant(std::string_view id) const {
  return FindIn(state_.grants, id);
}

std::optional<SecretMatch> Views::FindSecret(const SecretKey& sha256,
                                             Micros now) const {
  if (std::optional<SecretIndex::Entry> entry = indexes_.secrets.Find(sha256)) {
    SecretMatch match{entry->token, entry->role};
    if (match.role == SecretRole::kPrevious &&
        !(match.token->rare->previous_valid_until &&
          now < *match.token->rare->previous_valid_until)) {
      match.role = SecretRole::kRetired;  // the grace period is over
    }
    return match;
  }
  if (auto it = state_.retired_secrets.find(sha256);
      it != state_.retired_secrets.end()) {
    if (const TokenState* owner = token(it->second)) {
      return SecretMatch{owner, SecretRole::kRetired};
    }
  }
  return std::nullopt;
}

void Views::ForEachRetiredSecret(
    const std::function<void(const SecretKey&, const std::string&)>& fn) const {
  for (const auto& [key, token_id] : state_.retired_secrets) fn(key, token_id);
}

const std::vector<const TokenState*>& Views::tokens_of_account(
    std::string_view account_id) const {
  return ListIn(indexes_.tokens_by_account, account_id);
}

const std::vector<const UserState*>& Views::users_of_account(
    std::string_view account_id) const {
  return ListIn(indexes_.users_by_account, account_id);
}

const std::vector<const GrantState*>& Views::grants_of_account(
    std::string_view account_id) const {
  return ListIn(indexes_.grants_by_account, account_id);
}

const std::vector<const TokenState*>& Views::personal_tokens(
    std::string_view user_id) const {
  return ListIn(indexes_.tokens_by_user, user_id);
}

GroupUsage Views::group_usage(std::string_view group_id) const {
  auto it = indexes_.group_usage.find(group_id);
  return it == indexes_.group_usage.end() ? GroupUsage{} : it->second;
}

const UserState* Views::user_by_email(std::string_view account_id,
                                      std::string_view email) const {
  auto it = indexes_.user_by_email.find(
      internal::PairKey(account_id, internal::Lower(email)));
  return it == indexes_.user_by_email.end() ? nullptr : it->second;
}

const GrantState* Views::grant_for(std::string_view granting_account,
                                   std::string_view token_id) const {
  auto it = indexes_.grant_by_token.find(
      internal::PairKey(granting_account, token_id));
  return it == indexes_.grant_by_token.end() ? nullptr : it->second;
}

const IdempotencyRecord* Views::idempotency_record(std::string_view key,
                                                   Micros now) const {
  const IdempotencyRecord* record = FindIn(state_.idempotency, key);
  if (record == nullptr || now - record->time >= kIdempotencyWindow) {
    return nullptr;
  }
  return record;
}

Result<Page<TokenState>> Views::ListTokens(const TokenQuery& query) const {
  if (!ValidStatusFilter(query.status)) {
    return Error::Invalid("status",
                          "must be active, disabled, revoked or expired");
  }
  const AccountState* owner = account(query.account_id);
  const Plan plan = owner != nullptr ? owner->plan : Plan{};
  const std::string q = internal::Lower(query.q);
  const std::vector<const TokenState*>& source =
      query.user_id.empty() ? tokens_of_account(query.account_id)
                            : personal_tokens(query.user_id);
  std::vector<SortedItem<TokenState>> items;
  for (const TokenState* token : source) {
    bool revoked = token->status == TokenStatus::kRevoked;
    if (token->account_id != query.account_id ||
        (query.status.empty() && revoked) ||
        (query.status == "revoked" && !revoked) ||
        (!query.group_id.empty() &&
         std::find(token->groups.begin(), token->groups.end(),
                   query.group_id) == token->groups.end()) ||
        (query.updated_since && token->updated_at < *query.updated_since) ||
        (!q.empty() && !internal::ContainsIgnoreCase(token->name, q) &&
         !internal::ContainsIgnoreCase(token->rare->description, q))) {
      continue;
    }
    if (!query.status.empty() && query.status != "revoked" &&
        EffectiveStatusOf(*token, plan, query.now).status != query.status) {
      continue;
    }
    items.push_back({TokenSortKey(*token, query), &token->id, token});
  }
  std::string list = "tokens/";
  list.append(ToString(query.sort)).append("/").append(ToString(query.order));
  return Paginate(list, std::move(items), query.order, query.page);
}

TokenStatusCounts Views::CountTokensByStatus(Micros now) const {
  TokenStatusCounts counts;
  for (const auto& [account_id, account] : state_.accounts) {
    for (const TokenState* token : tokens_of_account(account_id)) {
      const std::string status =
          EffectiveStatusOf(*token, account.plan, now).status;
      if (status == "active") ++counts.active;
      if (status == "disabled") ++counts.disabled;
      if (status == "revoked") ++counts.revoked;
      if (status == "expired") ++counts.expired;
    }
  }
  return counts;
}

Result<Page<AccountState>> Views::ListAccounts(const PageRequest& page) const {
  std::vector<const AccountState*> accounts;
  accounts.reserve(state_.accounts.size());
  for (const auto& [id, account] : state_.accounts) {
    accounts.push_back(&account);
  }
  return ListByCreation<AccountState>(
      "accounts", accounts,
      [](const AccountState& a) { return a.id != kSystemAccount; }, page);
}

Result<Page<GroupState>> Views::ListGroups(std::string_view account_id,
                                           const PageRequest& page) const {
  return ListByCreation<GroupState>(
      "groups", ListIn(indexes_.groups_by_account, account_id),
      [](const GroupState& g) { return !g.deleted; }, page);
}

Result<Page<UserState>> Views::ListUsers(std::string_view account_id,
                                         const PageRequest& page) const {
  return ListByCreation<UserState>(
      "users", ListIn(indexes_.users_by_account, account_id),
      [](const UserState&) { return true; }, page);
}

Result<Page<GrantState>> Views::ListGrants(std::string_view account_id,
                                           const PageRequest& page) const {
  return ListByCreation<GrantState>(
      "grants", ListIn(indexes_.grants_by_account, account_id),
      [](const GrantState& g) { return !g.removed; }, page);
}

}  // namespace keytrail::projections
