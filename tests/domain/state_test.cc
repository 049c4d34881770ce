#include "domain/state.h"

#include <boost/test/unit_test.hpp>

#include "base/sha256.h"
#include "domain/secret.h"
#include "tests/domain/test_state.h"

namespace keytrail {
namespace {

using testing::kNow;

// Renders what a token looks like, for one comparison per test.
std::string Render(const TokenState& token, const Plan& plan, Micros now) {
  const EffectiveStatus status = EffectiveStatusOf(token, plan, now);
  std::string out = token.id + " " + status.status;
  if (!status.disabled_reason.empty())
    out += "(" + status.disabled_reason + ")";
  out += " v" + std::to_string(token.version) + "/s" +
         std::to_string(token.stream_version);
  out += " by " + ActorIdText(token.created_by) + "/" +
         ActorIdText(token.updated_by);
  out += " uses " + std::to_string(token.use_count);
  if (token.last_used_at) {
    out += " last " + FormatRfc3339(*token.last_used_at) + " " +
           token.last_used_ip;
  }
  return out;
}

EventMeta Meta(uint64_t version, Micros time, std::string user = "") {
  return EventMeta{version + 1, version, time, Actor{"tok_admin", user, ""},
                   nullptr};
}

BOOST_AUTO_TEST_SUITE(StateTest)

// state.h: version moves with lifecycle events only; stream_version with
// every event; usage events fill last_used_at/ip and use_count (docs/api.md
// §4).
BOOST_AUTO_TEST_CASE(TokenFoldTracksVersionsActorsAndUsage) {
  TokenState token;
  const Plan plan;
  Evolve(token,
         TokenCreated{"tok_1",
                      "acme",
                      "ERP",
                      "",
                      TokenKind::kGroup,
                      {"g"},
                      "",
                      std::nullopt,
                      "h1",
                      "abcd"},
         Meta(0, kNow, "usr_ana"));
  Evolve(token, TokenUsed{"tok_1", "acme", "10.0.0.9", 3, kNow, kNow + 10, ""},
         Meta(1, kNow + 20));
  Evolve(token,
         TokenUsed{"tok_1", "acme", "10.0.0.8", 2, kNow - 5, kNow - 1, ""},
         Meta(2, kNow + 30));
  Evolve(token,
         TokenUseRejected{"tok_1", "acme", "FORBIDDEN", "1.1.1.1", 1, kNow,
                          kNow, ""},
         Meta(3, kNow + 40));
  Evolve(token, TokenRevealed{"tok_1", "acme"}, Meta(4, kNow + 50));
  BOOST_TEST(Render(token, plan, kNow) ==
             "tok_1 active v0/s4 by usr_ana/usr_ana uses 5 last "
             "2026-11-24T10:00:00.000010Z 10.0.0.9");
  Evolve(token, TokenDisabled{"tok_1", "acme", "manual"}, Meta(5, kNow + 60));
  BOOST_TEST(Render(token, plan, kNow) ==
             "tok_1 disabled(manual) v5/s5 by usr_ana/tok_admin uses 5 last "
             "2026-11-24T10:00:00.000010Z 10.0.0.9");
}

// Pingback: a downgrade to Free disables the key; an upgrade restores
// exactly the keys that were active (state.h, derived, no event per token).
BOOST_AUTO_TEST_CASE(PlanWithoutApiAccessShowsActiveTokensAsDisabledByPlan) {
  TokenState active, disabled;
  Evolve(active,
         TokenCreated{"tok_1",
                      "acme",
                      "a",
                      "",
                      TokenKind::kGroup,
                      {},
                      "",
                      std::nullopt,
                      "h",
                      "1234"},
         Meta(0, kNow));
  Evolve(disabled,
         TokenCreated{"tok_2",
                      "acme",
                      "b",
                      "",
                      TokenKind::kGroup,
                      {},
                      "",
                      std::nullopt,
                      "h",
                      "1234"},
         Meta(0, kNow));
  Evolve(disabled, TokenDisabled{"tok_2", "acme", "manual"}, Meta(1, kNow));
  const Plan free{"free", false, std::nullopt};
  const Plan pro{"pro", true, 1};
  BOOST_TEST(EffectiveStatusOf(active, free, kNow).status == "disabled");
  BOOST_TEST(EffectiveStatusOf(active, free, kNow).disabled_reason == "plan");
  BOOST_TEST(EffectiveStatusOf(disabled, free, kNow).disabled_reason ==
             "manual");
  BOOST_TEST(EffectiveStatusOf(active, pro, kNow).status == "active");
  BOOST_TEST(EffectiveStatusOf(disabled, pro, kNow).status == "disabled");
}

// state.h order: revoked, then disabled (own), then expired, then plan.
BOOST_AUTO_TEST_CASE(EffectiveStatusOrder) {
  TokenState token;
  token.expires_at = kNow;
  const Plan free{"free", false, std::nullopt};
  BOOST_TEST(EffectiveStatusOf(token, free, kNow - 1).status == "disabled");
  BOOST_TEST(EffectiveStatusOf(token, free, kNow).status == "expired");
  token.status = TokenStatus::kDisabled;
  token.rare.Update(
      [](TokenRareFields& rare) { rare.disabled_reason = "manual"; });
  BOOST_TEST(EffectiveStatusOf(token, free, kNow).status == "disabled");
  token.status = TokenStatus::kRevoked;
  BOOST_TEST(EffectiveStatusOf(token, free, kNow).status == "revoked");
}

// Apresenta.me "Gerar novamente": the old value stops at once; with a grace
// period (docs/api.md §3) it is kept as the previous secret until then.
BOOST_AUTO_TEST_CASE(RegenerateKeepsThePreviousSecretOnlyWithGrace) {
  // The events carry hex; the state holds the raw digests.
  const std::string h1 = Sha256Hex("s1"), h2 = Sha256Hex("s2"),
                    h3 = Sha256Hex("s3");
  TokenState token;
  Evolve(token,
         TokenCreated{"tok_1",
                      "acme",
                      "a",
                      "",
                      TokenKind::kGroup,
                      {},
                      "",
                      std::nullopt,
                      h1,
                      "1111"},
         Meta(0, kNow));
  BOOST_TEST(token.secret_sha256 == Sha256DigestOf("s1"));
  Evolve(token, TokenRegenerated{"tok_1", "acme", h2, "2222", kNow + 60},
         Meta(1, kNow));
  BOOST_TEST(token.secret_sha256 == Sha256DigestOf("s2"));
  BOOST_TEST(token.rare->previous_secret_sha256 == Sha256DigestOf("s1"));
  BOOST_TEST(*token.rare->previous_valid_until == kNow + 60);
  Evolve(token, TokenRegenerated{"tok_1", "acme", h3, "3333", std::nullopt},
         Meta(2, kNow));
  BOOST_TEST(token.secret_sha256 == Sha256DigestOf("s3"));
  BOOST_TEST(token.last4 == "3333");
  // Nothing rare is left: the out-of-line part is gone.
  BOOST_TEST(!token.rare.has_value());
}

// The folds of every aggregate, as the log would feed them.
BOOST_FIXTURE_TEST_CASE(CommandsFoldIntoStreamsWithVersions,
                        testing::DomainFixture) {
  Account("acme");
  const std::string api = Group("acme", "api", {"contacts:read"});
  const std::string team = Group("acme", "user", {"tokens:view"});
  const std::string user = User("acme", {team});
  const std::string t1 = GroupToken("acme", {api});
  const std::string t2 = PersonalToken("acme", user);
  Must(DisableToken(state, "acme", t1, context));
  Must(EnableToken(state, "acme", t1, context));
  Must(RevokeToken(state, "acme", t2, context));
  Must(DeactivateUser(state, "acme", user, context));
  Must(ChangePlan(state, "acme", Plan{"free", false, std::nullopt}, context));
  BOOST_TEST(state.history() ==
             "AccountCreated(acme)@0 GroupCreated(grp_1)@0 "
             "GroupCreated(grp_2)@0 UserCreated(usr_3)@0 "
             "TokenCreated(tok_4)@0 TokenCreated(tok_5)@0 "
             "TokenDisabled(tok_4)@1 TokenEnabled(tok_4)@2 "
             "TokenRevoked(tok_5)@1 UserDeactivated(usr_3)@1 "
             "AccountPlanChanged(acme)@1");
  const AccountState& account = *state.FindAccount("acme");
  BOOST_TEST(account.version == 1u);
  BOOST_TEST(!account.plan.api_access);
  BOOST_TEST(!state.FindUser(user)->active);
  BOOST_TEST(ActorIdText(state.FindToken(t2)->created_by) == user);
  BOOST_TEST(Render(*state.FindToken(t1), account.plan, kNow) ==
             "tok_4 disabled(plan) v2/s2 by tok_admin/tok_admin uses 0");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail
