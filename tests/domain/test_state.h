// Test helpers for tests/domain: an in-memory StateView fed by the events
// that commands return (the same Evolve folds the projections use), a
// deterministic RandomSource, and a fixture with action-named helpers.
#ifndef KEYTRAIL_TESTS_DOMAIN_TEST_STATE_H_
#define KEYTRAIL_TESTS_DOMAIN_TEST_STATE_H_

#include <boost/test/unit_test.hpp>
#include <map>
#include <string>
#include <vector>

#include "base/random.h"
#include "domain/account_commands.h"
#include "domain/command.h"
#include "domain/events.h"
#include "domain/group_commands.h"
#include "domain/ids.h"
#include "domain/secret.h"
#include "domain/state.h"
#include "domain/state_view.h"
#include "domain/token_commands.h"
#include "domain/user_commands.h"

namespace keytrail::testing {

// 2026-11-24T10:00:00Z, the "now" of most tests.
inline constexpr Micros kNow = 1795514400LL * kMicrosPerSecond;

// Bytes from a 64-bit LCG: deterministic, and every value occurs.
class FakeRandom : public RandomSource {
 public:
  explicit FakeRandom(uint64_t seed = 1) : state_(seed) {}
  void Fill(uint8_t* data, size_t size) override {
    for (size_t i = 0; i < size; ++i) {
      state_ = state_ * 6364136223846793005ULL + 1442695040888963407ULL;
      data[i] = static_cast<uint8_t>(state_ >> 56);
    }
  }

 private:
  uint64_t state_;
};

// "OK", or the error's code and, for kInvalid, its first field:
// "INVALID(name)".
template <typename T>
std::string CodeOf(const Result<T>& result) {
  if (result.ok()) return "OK";
  std::string code(ErrorCodeName(result.error().code));
  if (!result.error().fields.empty()) {
    code += "(" + result.error().fields.front().field + ")";
  }
  return code;
}

class TestState : public StateView {
 public:
  // Appends `events` as the log would (one seq each, per-stream versions),
  // folds them into the maps and records "Type(id)@version" in history().
  void Apply(const Events& events, const CommandContext& context) {
    for (const Event& event : events) {
      const std::string stream = StreamOf(event);
      auto [it, fresh] = versions_.try_emplace(stream, 0);
      if (!fresh) ++it->second;
      const EventMeta meta{++seq_, it->second, context.now, context.actor,
                           nullptr};
      const std::string id = stream.substr(stream.find('-') + 1);
      if (stream.rfind("account-", 0) == 0) {
        Evolve(accounts_[id], event, meta);
      } else if (stream.rfind("group-", 0) == 0) {
        Evolve(groups_[id], event, meta);
      } else if (stream.rfind("user-", 0) == 0) {
        Evolve(users_[id], event, meta);
      } else if (stream.rfind("token-", 0) == 0) {
        Evolve(tokens_[id], event, meta);
      } else if (stream.rfind("grant-", 0) == 0) {
        Evolve(grants_[id], event, meta);
      }
      if (!history_.empty()) history_ += " ";
      history_ += std::string(EventType(event)) + "(" + id + ")@" +
                  std::to_string(meta.version);
    }
  }
  const std::string& history() const { return history_; }

  const AccountState* FindAccount(std::string_view id) const override {
    return Find(accounts_, id);
  }
  const GroupState* FindGroup(std::string_view id) const override {
    return Find(groups_, id);
  }
  const UserState* FindUser(std::string_view id) const override {
    return Find(users_, id);
  }
  const TokenState* FindToken(std::string_view id) const override {
    return Find(tokens_, id);
  }
  const GrantState* FindGrant(std::string_view id) const override {
    return Find(grants_, id);
  }
  const GrantState* FindActiveGrant(std::string_view account_id,
                                    std::string_view token_id) const override {
    for (const auto& [id, grant] : grants_) {
      if (!grant.removed && grant.account_id == account_id &&
          grant.token_id == token_id) {
        return &grant;
      }
    }
    return nullptr;
  }
  void ForEachToken(
      std::string_view account_id,
      const std::function<void(const TokenState&)>& fn) const override {
    ForEach(tokens_, account_id, fn);
  }
  void ForEachUser(
      std::string_view account_id,
      const std::function<void(const UserState&)>& fn) const override {
    ForEach(users_, account_id, fn);
  }
  void ForEachGrant(
      std::string_view account_id,
      const std::function<void(const GrantState&)>& fn) const override {
    ForEach(grants_, account_id, fn);
  }

  TokenState& token(const std::string& id) { return tokens_.at(id); }

 private:
  template <typename T>
  static const T* Find(const std::map<std::string, T, std::less<>>& map,
                       std::string_view id) {
    auto it = map.find(id);
    return it == map.end() ? nullptr : &it->second;
  }
  template <typename T, typename Fn>
  static void ForEach(const std::map<std::string, T, std::less<>>& map,
                      std::string_view account_id, const Fn& fn) {
    for (const auto& [id, value] : map) {
      if (value.account_id == account_id) fn(value);
    }
  }

  std::map<std::string, AccountState, std::less<>> accounts_;
  std::map<std::string, GroupState, std::less<>> groups_;
  std::map<std::string, UserState, std::less<>> users_;
  std::map<std::string, TokenState, std::less<>> tokens_;
  std::map<std::string, GrantState, std::less<>> grants_;
  std::map<std::string, uint64_t> versions_;
  uint64_t seq_ = 0;
  std::string history_;
};

// A world to run commands in: an admin actor at kNow, and helpers that run a
// command, require it to succeed and apply its events.
struct DomainFixture {
  TestState state;
  FakeRandom random;
  CommandContext context{Actor{"tok_admin", "", "10.0.0.1"}, kNow};
  std::map<std::string, std::string> secrets;  // token id -> secret
  int next_id = 0;

  std::string NextId(std::string_view prefix) {
    return std::string(prefix) + std::to_string(++next_id);
  }
  NewToken MakeNewToken() {
    NewToken token{NextId("tok_"), GenerateSecret(random)};
    secrets[token.token_id] = token.secret;
    return token;
  }
  void Must(const Result<Events>& result) { Must(result, context); }
  void Must(const Result<Events>& result, const CommandContext& as) {
    if (!result.ok()) {
      BOOST_FAIL("command failed: " << CodeOf(result) << " "
                                    << result.error().message);
    }
    state.Apply(*result, as);
  }

  void Account(const std::string& id, Plan plan = Plan{}) {
    Must(CreateAccount(state, {id, "Acme " + id, plan}, context));
  }
  std::string Group(const std::string& account, const std::string& type,
                    std::vector<std::string> permissions) {
    const std::string id = NextId("grp_");
    Must(CreateGroup(state, account, id, {"G " + id, type, permissions, {}, {}},
                     context));
    return id;
  }
  std::string User(const std::string& account, std::vector<std::string> groups,
                   std::vector<std::string> licenses = {"api_per_user"}) {
    const std::string id = NextId("usr_");
    Must(CreateUser(state, account, id,
                    {id + "@acme.test", "User " + id, groups, licenses},
                    context));
    return id;
  }
  std::string GroupToken(const std::string& account,
                         std::vector<std::string> groups) {
    NewToken token = MakeNewToken();
    Must(CreateGroupToken(state, account, {"ERP sync", "", groups, {}, {}},
                          token, context));
    return token.token_id;
  }
  std::string PersonalToken(const std::string& account,
                            const std::string& user) {
    NewToken token = MakeNewToken();
    CommandContext as_user = context;
    as_user.actor.user_id = user;
    Must(CreatePersonalToken(state, account, user, {"CLI", "", {}, {}, {}},
                             token, as_user),
         as_user);
    return token.token_id;
  }
};

// Account "acme" with an api group (orders:read), a user group
// (tickets:read) held by user `ana`, a group token and `ana`'s personal
// token.
struct TwoTokensFixture : DomainFixture {
  std::string api, team, ana, token, personal;
  TwoTokensFixture() {
    Account("acme");
    api = Group("acme", "api", {"orders:read"});
    team = Group("acme", "user", {"tickets:read"});
    ana = User("acme", {team});
    token = GroupToken("acme", {api});
    personal = PersonalToken("acme", ana);
  }
};

}  // namespace keytrail::testing

#endif  // KEYTRAIL_TESTS_DOMAIN_TEST_STATE_H_
