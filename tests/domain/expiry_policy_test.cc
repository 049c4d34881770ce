// The account's expiry policy (docs/api.md "Expiry policy"): the setting,
// its event, and its enforcement on create, update, extend and regenerate.
#include <boost/test/unit_test.hpp>

#include "domain/account_commands.h"
#include "domain/token_commands.h"
#include "tests/domain/test_state.h"

namespace keytrail {
namespace {

using testing::CodeOf;
using testing::kNow;

constexpr Micros kDay = kMicrosPerDay;

struct PolicyFixture : testing::DomainFixture {
  std::string api;
  PolicyFixture() {
    Account("acme");
    api = Group("acme", "api", {"contacts:read"});
  }
  SettingsPatch MaxDays(std::optional<int64_t> days) {
    SettingsPatch patch;
    patch.max_token_ttl_days = days;
    return patch;
  }
  Result<Events> Create(std::optional<Micros> expires_at) {
    return CreateGroupToken(state, "acme", {"ERP", "", {api}, expires_at},
                            MakeNewToken(), context);
  }
  std::string MustCreate(std::optional<Micros> expires_at) {
    const NewToken token = MakeNewToken();
    Must(CreateGroupToken(state, "acme", {"ERP", "", {api}, expires_at}, token,
                          context));
    return token.token_id;
  }
};

BOOST_FIXTURE_TEST_SUITE(ExpiryPolicyTest, PolicyFixture)

// GitHub: an organisation sets the maximum lifetime of its tokens.
BOOST_AUTO_TEST_CASE(PolicyIsASettingWithItsOwnEvent) {
  std::string codes;
  for (int64_t days : {0, -1, 3651}) {
    codes +=
        CodeOf(ChangeSettings(state, "acme", MaxDays(days), context)) + " ";
  }
  BOOST_TEST(codes ==
             "INVALID(max_token_ttl_days) INVALID(max_token_ttl_days) "
             "INVALID(max_token_ttl_days) ");
  Must(ChangeSettings(state, "acme", MaxDays(90), context));
  BOOST_TEST(*state.FindAccount("acme")->max_token_ttl_days == 90);
  BOOST_TEST(ChangeSettings(state, "acme", MaxDays(90), context)->empty());
  // A default longer than the maximum would issue tokens the policy refuses.
  BOOST_TEST(CodeOf(ChangeSettings(state, "acme", {{91}, {}}, context)) ==
             "INVALID(default_token_ttl_days)");
  SettingsPatch both = MaxDays(30);
  both.default_token_ttl_days = std::optional<int64_t>(30);
  Must(ChangeSettings(state, "acme", both, context));
  Must(ChangeSettings(state, "acme", MaxDays(std::nullopt), context));
  BOOST_TEST(!state.FindAccount("acme")->max_token_ttl_days);
  BOOST_TEST(state.history() ==
             "AccountCreated(acme)@0 GroupCreated(grp_1)@0 "
             "AccountExpiryPolicyChanged(acme)@1 "
             "AccountSettingsChanged(acme)@2 "
             "AccountExpiryPolicyChanged(acme)@3 "
             "AccountExpiryPolicyChanged(acme)@4");
}

BOOST_AUTO_TEST_CASE(CreateKeepsWithinThePolicy) {
  Must(ChangeSettings(state, "acme", MaxDays(30), context));
  Result<Events> never = Create(std::nullopt);  // gets the maximum
  BOOST_REQUIRE(never.ok());
  BOOST_TEST(*std::get<TokenCreated>(never->at(0)).expires_at ==
             kNow + 30 * kDay);
  BOOST_TEST(CodeOf(Create(kNow + 30 * kDay)) == "OK");
  Result<Events> longer = Create(kNow + 30 * kDay + 1);
  BOOST_TEST(CodeOf(longer) == "EXPIRY_POLICY(expires_at)");
  // The account's default comes first when it has one.
  Must(ChangeSettings(state, "acme", {{7}, {}}, context));
  BOOST_TEST(*std::get<TokenCreated>(Create(std::nullopt)->at(0)).expires_at ==
             kNow + 7 * kDay);
}

BOOST_AUTO_TEST_CASE(UpdateChecksOnlyAChangedExpiry) {
  const std::string forever = MustCreate(std::nullopt);
  const std::string soon = MustCreate(kNow + kDay);
  Must(ChangeSettings(state, "acme", MaxDays(30), context));
  UpdateTokenInput rename;
  rename.name = "renamed";
  Must(UpdateToken(state, "acme", forever, rename, context));
  UpdateTokenInput later;
  later.expires_at = std::optional<Micros>(kNow + 31 * kDay);
  UpdateTokenInput never;
  never.expires_at = std::optional<Micros>();
  UpdateTokenInput within;
  within.expires_at = std::optional<Micros>(kNow + 30 * kDay);
  std::string codes;
  for (const UpdateTokenInput& input : {later, never, within}) {
    codes += CodeOf(UpdateToken(state, "acme", soon, input, context)) + " ";
  }
  BOOST_TEST(codes ==
             "EXPIRY_POLICY(expires_at) EXPIRY_POLICY(expires_at) OK ");
}

BOOST_AUTO_TEST_CASE(ExtendStaysWithinThePolicy) {
  Must(ChangeSettings(state, "acme", MaxDays(30), context));
  const std::string soon = MustCreate(kNow + 10 * kDay);
  auto extend = [&](ExtendTokenInput input) {
    return CodeOf(ExtendToken(state, "acme", soon, input, context));
  };
  BOOST_TEST(extend({{}, 20}) == "OK");  // now + 10 + 20 = the maximum
  BOOST_TEST(extend({{}, 21}) == "EXPIRY_POLICY(expires_at)");
  BOOST_TEST(extend({kNow + 30 * kDay + 1, {}}) == "EXPIRY_POLICY(expires_at)");
}

BOOST_AUTO_TEST_CASE(RegenerateNeedsAnExpiryWithinThePolicy) {
  const std::string forever = MustCreate(std::nullopt);
  const std::string far = MustCreate(kNow + 100 * kDay);
  const std::string near = MustCreate(kNow + 10 * kDay);
  Must(ChangeSettings(state, "acme", MaxDays(30), context));
  std::string codes;
  for (const std::string& id : {forever, far, near}) {
    codes += CodeOf(RegenerateToken(state, "acme", id, 0,
                                    GenerateSecret(random), context)) +
             " ";
  }
  BOOST_TEST(codes ==
             "EXPIRY_POLICY(expires_at) EXPIRY_POLICY(expires_at) OK ");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail
