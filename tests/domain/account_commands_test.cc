#include "domain/account_commands.h"

#include <boost/test/unit_test.hpp>

#include "base/sha256.h"
#include "tests/domain/test_state.h"

namespace keytrail {
namespace {

using testing::CodeOf;
using testing::DomainFixture;

BOOST_FIXTURE_TEST_SUITE(AccountCommandsTest, DomainFixture)

// docs/api.md §3: id matches [a-z0-9][a-z0-9-]{0,62}.
BOOST_AUTO_TEST_CASE(AccountIdFollowsThePattern) {
  for (const char* id : {"acme", "a", "acme-2", "0day"}) {
    BOOST_TEST(CodeOf(CreateAccount(state, {id, "Acme", {}}, context)) == "OK");
  }
  BOOST_TEST(CodeOf(CreateAccount(state, {std::string(63, 'a'), "A", {}},
                                  context)) == "OK");
  for (const std::string& id :
       {std::string(""), std::string("Acme"), std::string("-acme"),
        std::string("ac_me"), std::string("acme!"), std::string(64, 'a')}) {
    BOOST_TEST(CodeOf(CreateAccount(state, {id, "Acme", {}}, context)) ==
               "INVALID(id)");
  }
}

// docs/api.md §1: the reserved account _system holds the operator.
BOOST_AUTO_TEST_CASE(SystemAccountIsReserved) {
  Result<Events> result = CreateAccount(state, {"_system", "Ops", {}}, context);
  BOOST_TEST(CodeOf(result) == "INVALID(id)");
  BOOST_TEST(result.error().fields[0].message ==
             "is reserved for the operator");
}

BOOST_AUTO_TEST_CASE(NameIsRequiredAndAccountsAreUnique) {
  BOOST_TEST(CodeOf(CreateAccount(state, {"acme", "  ", {}}, context)) ==
             "INVALID(name)");
  Account("acme");
  BOOST_TEST(CodeOf(CreateAccount(state, {"acme", "Acme", {}}, context)) ==
             "CONFLICT");
  BOOST_TEST(CodeOf(ChangePlan(state, "nope", Plan{}, context)) == "NOT_FOUND");
}

// Pingback: 1 API key, paid plans only. docs/api.md §3: max_active_tokens >= 0.
BOOST_AUTO_TEST_CASE(PlanIsValidated) {
  Account("acme");
  BOOST_TEST(CodeOf(ChangePlan(state, "acme", Plan{"pro", true, -1},
                               context)) == "INVALID(plan.max_active_tokens)");
  BOOST_TEST(CodeOf(ChangePlan(state, "acme", Plan{"", true, 1}, context)) ==
             "INVALID(plan.name)");
  Must(ChangePlan(state, "acme", Plan{"pro", true, 1}, context));
  Result<Events> same =
      ChangePlan(state, "acme", Plan{"pro", true, 1}, context);
  BOOST_TEST(CodeOf(same) == "OK");
  BOOST_TEST(same->empty());
  BOOST_TEST(state.history() ==
             "AccountCreated(acme)@0 AccountPlanChanged(acme)@1");
}

BOOST_AUTO_TEST_CASE(OperatorPlanCannotChange) {
  Must(BootstrapOperator(state, {"grp_ops", "tok_ops", GenerateSecret(random)},
                         context));
  BOOST_TEST(CodeOf(ChangePlan(state, "_system", Plan{"free", false, {}},
                               context)) == "INVALID(account)");
}

// VTEX: the default duration of API keys is an account setting.
BOOST_AUTO_TEST_CASE(SettingsAreValidated) {
  Account("acme");
  for (int64_t days : {0, -1, 3651}) {
    BOOST_TEST(CodeOf(ChangeSettings(state, "acme", {{days}, {}}, context)) ==
               "INVALID(default_token_ttl_days)");
  }
  BOOST_TEST(CodeOf(ChangeSettings(state, "acme", {{}, {"sometimes"}},
                                   context)) == "INVALID(secret_visibility)");
  Must(ChangeSettings(state, "acme", {{3650}, {"revealable"}}, context));
  const AccountSettings& settings = state.FindAccount("acme")->settings;
  BOOST_TEST(*settings.default_token_ttl_days == 3650);
  BOOST_TEST((settings.secret_visibility == SecretVisibility::kRevealable));
  // An absent field keeps its value; null clears the duration.
  SettingsPatch clear;
  clear.default_token_ttl_days.emplace();  // present, null
  Must(ChangeSettings(state, "acme", clear, context));
  BOOST_TEST(!state.FindAccount("acme")->settings.default_token_ttl_days);
  BOOST_TEST((state.FindAccount("acme")->settings.secret_visibility ==
              SecretVisibility::kRevealable));
  BOOST_TEST(ChangeSettings(state, "acme", {}, context)->empty());
}

// docs/api.md §1: on the first start the server creates an operator token with *
// over every account.
BOOST_AUTO_TEST_CASE(BootstrapCreatesTheOperatorOnce) {
  const std::string secret = GenerateSecret(random);
  Must(BootstrapOperator(state, {"grp_ops", "tok_ops", secret}, context));
  BOOST_TEST(state.history() ==
             "AccountCreated(_system)@0 GroupCreated(grp_ops)@0 "
             "TokenCreated(tok_ops)@0");
  const TokenState& token = *state.FindToken("tok_ops");
  BOOST_TEST((token.secret_sha256 == Sha256DigestOf(secret)));
  BOOST_TEST(state.FindGroup("grp_ops")->permissions ==
             std::vector<std::string>{"*"});
  BOOST_TEST(CodeOf(BootstrapOperator(state, {"g", "t", secret}, context)) ==
             "CONFLICT");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail
