// Builders of domain events and a one-line rendering of Views, shared by
// the projections tests (header only; not a test file itself).
#ifndef KEYTRAIL_TESTS_PROJECTIONS_FIXTURES_H_
#define KEYTRAIL_TESTS_PROJECTIONS_FIXTURES_H_

#include <map>
#include <string>
#include <vector>

#include "domain/events.h"
#include "domain/secret.h"
#include "eventstore/event_store.h"
#include "projections/views.h"
#include "tests/support/memory_event_store.h"

namespace keytrail::test {

// The SHA-256 hex of a made-up secret: 64 copies of hex digit `c`.
inline std::string Sha(char c) { return std::string(64, c); }
// Another made-up one, unique per `n` < 256, ending in n's hex digits.
inline std::string NumberedSha(int n) {
  static constexpr char kHex[] = "0123456789abcdef";
  return std::string(62, '0') + kHex[(n >> 4) & 15] + kHex[n & 15];
}

inline Micros At(int seconds) {
  return 1'800'000'000 * kMicrosPerSecond + seconds * kMicrosPerSecond;
}

inline Event Account(const std::string& id, bool api_access = true) {
  AccountCreated e;
  e.account_id = id;
  e.name = id;
  e.plan.api_access = api_access;
  return e;
}

inline Event Group(const std::string& id, const std::string& account,
                   const std::string& name, GroupType type = GroupType::kApi) {
  return GroupCreated{.group_id = id,
                      .account_id = account,
                      .name = name,
                      .type = type,
                      .permissions = {"contacts:read"}};
}

inline Event User(const std::string& id, const std::string& account,
                  const std::string& email,
                  std::vector<std::string> groups = {}) {
  return UserCreated{.user_id = id,
                     .account_id = account,
                     .email = email,
                     .name = id,
                     .groups = std::move(groups),
                     .licenses = {"api_per_user"}};
}

inline Event Token(const std::string& id, const std::string& account,
                   const std::string& name, std::vector<std::string> groups,
                   const std::string& secret_sha256,
                   const std::string& description = "") {
  return TokenCreated{.token_id = id,
                      .account_id = account,
                      .name = name,
                      .description = description,
                      .kind = TokenKind::kGroup,
                      .groups = std::move(groups),
                      .user_id = "",
                      .expires_at = std::nullopt,
                      .secret_sha256 = secret_sha256,
                      .last4 = "abcd"};
}

inline Event PersonalToken(const std::string& id, const std::string& account,
                           const std::string& user,
                           const std::string& secret_sha256) {
  return TokenCreated{.token_id = id,
                      .account_id = account,
                      .name = id,
                      .description = "",
                      .kind = TokenKind::kPersonal,
                      .groups = {},
                      .user_id = user,
                      .expires_at = std::nullopt,
                      .secret_sha256 = secret_sha256,
                      .last4 = "abcd"};
}

inline Event Rename(const std::string& id, const std::string& account,
                    const std::string& name, std::vector<std::string> groups) {
  return TokenUpdated{.token_id = id,
                      .account_id = account,
                      .name = name,
                      .description = "",
                      .expires_at = std::nullopt,
                      .groups = std::move(groups)};
}

inline Event Used(const std::string& id, const std::string& account,
                  int64_t count, Micros at) {
  return TokenUsed{.token_id = id,
                   .account_id = account,
                   .ip = "10.0.0.1",
                   .count = count,
                   .first_at = at,
                   .last_at = at,
                   .node = ""};
}

// Folds events straight into a Views, numbering them as a store would.
class Feed {
 public:
  Feed& Add(const Event& event, Micros time,
            const std::string& idempotency_key = "") {
    eventstore::RecordedEvent recorded;
    recorded.seq = ++seq_;
    recorded.stream = StreamOf(event);
    recorded.version = versions_[recorded.stream]++;
    recorded.type = std::string(EventType(event));
    recorded.time = time;
    recorded.actor.token_id = "tok_admin";
    recorded.idempotency_key = idempotency_key;
    views_.Apply(recorded, event);
    return *this;
  }
  projections::Views& views() { return views_; }

 private:
  projections::Views views_;
  uint64_t seq_ = 0;
  std::map<std::string, uint64_t> versions_;
};

// "tok_1(ERP sync,active,v2,uses=3) tok_2(...)": the tokens of `account`
// by id, with their effective status at `now`.
inline std::string RenderTokens(const projections::Views& views,
                                const std::string& account, Micros now) {
  std::map<std::string, const TokenState*> by_id;
  for (const TokenState* t : views.tokens_of_account(account)) {
    by_id[t->id] = t;
  }
  const AccountState* owner = views.account(account);
  std::string out;
  for (const auto& [id, t] : by_id) {
    if (!out.empty()) out += ' ';
    out += id + "(" + t->name + "," +
           EffectiveStatusOf(*t, owner ? owner->plan : Plan{}, now).status +
           ",v" + std::to_string(t->version) +
           ",uses=" + std::to_string(t->use_count) + ")";
  }
  return out;
}

// The ids of a page, space separated.
template <typename T>
std::string Ids(const projections::Page<T>& page) {
  std::string out;
  for (const T* item : page.items) {
    if (!out.empty()) out += ' ';
    out += item->id;
  }
  return out;
}

// Appends a small life of account `account`: a group, `tokens` tokens
// (ids `<account>_tok_<i>`), a rename, usage and a revoke for some of them.
// Times start at At(start). Returns the last seq.
inline uint64_t AppendLife(eventstore::EventStore& store,
                           const std::string& account, int tokens,
                           int start = 0) {
  uint64_t seq = AppendEvent(store, Account(account), At(start));
  std::string group = account + "_grp";
  seq = AppendEvent(store, Group(group, account, "ERP"), At(start));
  for (int i = 0; i < tokens; ++i) {
    std::string id = account + "_tok_" + std::to_string(i);
    Micros t = At(start + i);
    seq = AppendEvent(store,
                      Token(id, account, "token " + std::to_string(i), {group},
                            Sha256Hex(id)),
                      t);
    if (i % 3 == 0) {
      seq = AppendEvent(store, Rename(id, account, "renamed", {group}), t);
    }
    seq = AppendEvent(store, Used(id, account, i + 1, t), t);
    if (i % 5 == 4) seq = AppendEvent(store, TokenRevoked{id, account}, t);
  }
  return seq;
}

}  // namespace keytrail::test

#endif  // KEYTRAIL_TESTS_PROJECTIONS_FIXTURES_H_
