#include "domain/grant_commands.h"

#include <boost/test/unit_test.hpp>

#include "tests/domain/test_state.h"

namespace keytrail {
namespace {

using testing::CodeOf;

// acme grants a token of globex (VTEX "Chaves terceiras").
struct GrantFixture : testing::DomainFixture {
  std::string api, team, theirs;
  GrantFixture() {
    Account("acme");
    Account("globex");
    api = Group("acme", "api", {"orders:read"});
    team = Group("acme", "user", {"orders:read"});
    theirs = GroupToken("globex", {Group("globex", "api", {"*"})});
  }
  Result<Events> Add(std::string token, std::vector<std::string> groups) {
    return AddGrant(state, "acme", "grt_1", {std::move(token), groups},
                    context);
  }
};

BOOST_FIXTURE_TEST_SUITE(GrantCommandsTest, GrantFixture)

// VTEX: keys of another account with access to resources of this one.
BOOST_AUTO_TEST_CASE(GrantsATokenOfAnotherAccount) {
  Must(Add(theirs, {api}));
  const GrantState& grant = *state.FindGrant("grt_1");
  BOOST_TEST(grant.account_id == "acme");
  BOOST_TEST(grant.token_account_id == "globex");
  BOOST_TEST(grant.groups == std::vector<std::string>{api});
  BOOST_TEST(state.FindActiveGrant("acme", theirs) == &grant);
}

BOOST_AUTO_TEST_CASE(TokenMustExistInAnotherAccount) {
  const std::string ours = GroupToken("acme", {api});
  BOOST_TEST(CodeOf(Add(ours, {api})) == "INVALID(token)");
  BOOST_TEST(CodeOf(Add("tok_nope", {api})) == "INVALID(token)");
  Must(RevokeToken(state, "globex", theirs, context));
  BOOST_TEST(CodeOf(Add(theirs, {api})) == "INVALID(token)");
}

// docs/api.md §3: groups of the granting account, of type api.
BOOST_AUTO_TEST_CASE(GroupsMustBeApiGroupsOfTheGrantingAccount) {
  BOOST_TEST(CodeOf(Add(theirs, {})) == "INVALID(groups)");
  BOOST_TEST(CodeOf(Add(theirs, {team})) == "INVALID(groups)");
  const std::string globex_group = state.FindToken(theirs)->groups[0];
  BOOST_TEST(CodeOf(Add(theirs, {globex_group})) == "INVALID(groups)");
  BOOST_TEST(CodeOf(AddGrant(state, "nope", "grt_2", {theirs, {api}},
                             context)) == "NOT_FOUND");
}

BOOST_AUTO_TEST_CASE(OneGrantPerTokenAndAccountUntilRemoved) {
  Must(Add(theirs, {api}));
  BOOST_TEST(CodeOf(AddGrant(state, "acme", "grt_2", {theirs, {api}},
                             context)) == "CONFLICT");
  Must(RemoveGrant(state, "acme", "grt_1", context));
  BOOST_TEST(CodeOf(RemoveGrant(state, "acme", "grt_1", context)) ==
             "NOT_FOUND");
  BOOST_TEST(CodeOf(RemoveGrant(state, "globex", "grt_1", context)) ==
             "NOT_FOUND");
  Must(AddGrant(state, "acme", "grt_2", {theirs, {api}}, context));
  BOOST_TEST(state.history().find("GrantAdded(grt_1)@0 GrantRemoved(grt_1)@1 "
                                  "GrantAdded(grt_2)@0") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail
