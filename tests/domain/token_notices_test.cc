// Token notices (domain/token_notices.h): the leaked-secret lookup record,
// and the expiry warnings at 30, 7 and 1 day(s), once per threshold and
// expiry.
#include "domain/token_notices.h"

#include <boost/test/unit_test.hpp>

#include "domain/token_commands.h"
#include "domain/webhook_commands.h"
#include "tests/domain/test_state.h"

namespace keytrail {
namespace {

using testing::CodeOf;
using testing::kNow;

constexpr Micros kDay = kMicrosPerDay;

struct NoticeFixture : testing::DomainFixture {
  std::string api;
  NoticeFixture() {
    Account("acme");
    Account("globex");
    api = Group("acme", "api", {"contacts:read"});
  }
  std::string TokenExpiringAt(std::optional<Micros> expires_at) {
    const NewToken token = MakeNewToken();
    Must(CreateGroupToken(state, "acme", {"ERP", "", {api}, expires_at}, token,
                          context));
    return token.token_id;
  }
  // The thresholds warned of for `token` when warning at each of `times`
  // in turn (and folding each warning): "30 7 - 1 ".
  std::string WarnAt(const std::string& token,
                     const std::vector<Micros>& times) {
    std::string out;
    for (Micros at : times) {
      Result<Events> events = WarnTokenExpiring(state, token, at);
      BOOST_REQUIRE(events.ok());
      if (events->empty()) {
        out += "- ";
        continue;
      }
      out +=
          std::to_string(std::get<TokenExpiring>(events->at(0)).within_days) +
          " ";
      CommandContext system = context;
      system.now = at;
      state.Apply(*events, system);
    }
    return out;
  }
};

BOOST_FIXTURE_TEST_SUITE(TokenNoticesTest, NoticeFixture)

BOOST_AUTO_TEST_CASE(EachThresholdIsWarnedOfOncePerExpiry) {
  const std::string token = TokenExpiringAt(kNow + 40 * kDay);
  BOOST_TEST(WarnAt(token, {kNow, kNow + 10 * kDay, kNow + 11 * kDay,
                            kNow + 33 * kDay, kNow + 34 * kDay,
                            kNow + 39 * kDay + 1, kNow + 39 * kDay + 2,
                            kNow + 40 * kDay}) == "- 30 - 7 - 1 - - ");
}

BOOST_AUTO_TEST_CASE(ALateFirstLookWarnsOnceAtTheSmallestThreshold) {
  const std::string token = TokenExpiringAt(kNow + 5 * kDay);
  BOOST_TEST(WarnAt(token, {kNow, kNow + kDay}) == "7 - ");
}

BOOST_AUTO_TEST_CASE(ANewExpiryStartsTheThresholdsAgain) {
  const std::string token = TokenExpiringAt(kNow + 5 * kDay);
  BOOST_TEST(WarnAt(token, {kNow}) == "7 ");
  ExtendTokenInput extend;
  extend.expires_at = kNow + 20 * kDay;
  Must(ExtendToken(state, "acme", token, extend, context));
  BOOST_TEST(WarnAt(token, {kNow, kNow + 14 * kDay}) == "30 7 ");
}

BOOST_AUTO_TEST_CASE(NeverExpiringDisabledAndRevokedTokensAreNotWarned) {
  const std::string never = TokenExpiringAt(std::nullopt);
  const std::string disabled = TokenExpiringAt(kNow + 2 * kDay);
  const std::string revoked = TokenExpiringAt(kNow + 2 * kDay);
  Must(DisableToken(state, "acme", disabled, context));
  Must(RevokeToken(state, "acme", revoked, context));
  BOOST_TEST(WarnAt(never, {kNow}) == "- ");
  BOOST_TEST(WarnAt(disabled, {kNow}) == "- ");
  BOOST_TEST(WarnAt(revoked, {kNow}) == "- ");
  BOOST_TEST(CodeOf(WarnTokenExpiring(state, "tok_none", kNow)) == "NOT_FOUND");
}

BOOST_AUTO_TEST_CASE(ALookupIsRecordedOnlyInTheOwningAccount) {
  const std::string token = TokenExpiringAt(std::nullopt);
  Result<Events> events =
      RecordSecretLookup(state, "acme", token, "previous", context);
  BOOST_REQUIRE(events.ok());
  const TokenLookedUp& looked = std::get<TokenLookedUp>(events->at(0));
  BOOST_TEST(looked.token_id == token);
  BOOST_TEST(looked.secret_role == "previous");
  BOOST_TEST(CodeOf(RecordSecretLookup(state, "globex", token, "current",
                                       context)) == "NOT_FOUND");
  // It moves neither the token's version (ETag) nor what it is.
  const uint64_t version = state.token(token).version;
  state.Apply(*events, context);
  BOOST_TEST(state.token(token).version == version);
}

BOOST_AUTO_TEST_CASE(NoticesAreDeliveredAsTheirWebhookKinds) {
  std::string kinds;
  for (const Event& event :
       std::vector<Event>{TokenExpiring{}, TokenLookedUp{}, TokenUsed{}}) {
    kinds += std::string(WebhookKindOf(event).value_or("-")) + " ";
  }
  BOOST_TEST(kinds ==
             "token.expiring secret.leaked_lookup token.used_from_new_ip ");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail
