#include "domain/permissions.h"

#include <boost/test/unit_test.hpp>

#include "tests/domain/test_state.h"

namespace keytrail {
namespace {

using testing::DomainFixture;

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : " ") + item;
  return out;
}

BOOST_AUTO_TEST_SUITE(PermissionsTest)

// docs/api.md §1: permissions are resource:action strings; * is full access.
BOOST_AUTO_TEST_CASE(ValidPermissionStrings) {
  for (const char* ok : {"*", "tokens:view", "contacts:read", "orders:write",
                         "users:act_as", "contacts:*", "crm.v2:read-all"}) {
    BOOST_TEST(IsValidPermission(ok), ok);
  }
  for (const char* bad :
       {"", "contacts", ":read", "contacts:", "a:b:c", "contacts read",
        "*:read", "contacts:re*d", "**", "_x:read", "contacts:\n"}) {
    BOOST_TEST(!IsValidPermission(bad), bad);
  }
  BOOST_TEST(!IsValidPermission("a:" + std::string(127, 'b')));
}

BOOST_AUTO_TEST_CASE(AllowsFullAccessWildcardResourceAndExact) {
  BOOST_TEST(Allows({"*"}, "anything:at_all"));
  BOOST_TEST(Allows({"contacts:*"}, "contacts:write"));
  BOOST_TEST(!Allows({"contacts:*"}, "contactsx:write"));
  BOOST_TEST(!Allows({"contacts:*"}, "orders:write"));
  BOOST_TEST(Allows({"orders:read", "contacts:read"}, "contacts:read"));
  BOOST_TEST(!Allows({"contacts:read"}, "contacts:write"));
  BOOST_TEST(!Allows({}, "contacts:read"));
}

// docs/api.md §1: a group token has the union of its api groups' permissions.
// Apresenta.me: what a token may do is defined by the group linked to it.
BOOST_FIXTURE_TEST_CASE(GroupTokenHasTheUnionOfItsApiGroups, DomainFixture) {
  Account("acme");
  const std::string a = Group("acme", "api", {"contacts:read", "orders:read"});
  const std::string b = Group("acme", "api", {"contacts:read", "deals:write"});
  const std::string token = GroupToken("acme", {a, b});
  BOOST_TEST(Join(EffectivePermissions(*state.FindToken(token), state)) ==
             "contacts:read deals:write orders:read");
  // Changes to a group apply at once.
  Must(UpdateGroup(state, "acme", b, {std::nullopt, {{"*"}}, {}, {}}, context));
  BOOST_TEST(Join(EffectivePermissions(*state.FindToken(token), state)) ==
             "* contacts:read orders:read");
}

// Tiflux: a personal token acts with its user's access profile, and follows
// it as it changes (docs/api.md §1).
BOOST_FIXTURE_TEST_CASE(PersonalTokenFollowsItsUsersGroups, DomainFixture) {
  Account("acme");
  const std::string support = Group("acme", "user", {"tickets:read"});
  const std::string admins = Group("acme", "user", {"tickets:write"});
  const std::string user = User("acme", {support});
  const std::string token = PersonalToken("acme", user);
  BOOST_TEST(Join(EffectivePermissions(*state.FindToken(token), state)) ==
             "tickets:read");
  Must(UpdateUser(state, "acme", user, {std::nullopt, {{support, admins}}, {}},
                  context));
  BOOST_TEST(Join(EffectivePermissions(*state.FindToken(token), state)) ==
             "tickets:read tickets:write");
}

BOOST_FIXTURE_TEST_CASE(DeletedGroupsAddNothing, DomainFixture) {
  Account("acme");
  const std::string a = Group("acme", "api", {"contacts:read"});
  const std::string b = Group("acme", "api", {"orders:read"});
  const std::string token = GroupToken("acme", {a});
  BOOST_TEST(Join(PermissionsOfGroups({a, b}, "acme", GroupType::kApi,
                                      state)) == "contacts:read orders:read");
  Must(DeleteGroup(state, "acme", b, context));
  BOOST_TEST(Join(PermissionsOfGroups({a, b}, "acme", GroupType::kApi,
                                      state)) == "contacts:read");
  // A group of the wrong type or another account adds nothing either.
  BOOST_TEST(
      Join(PermissionsOfGroups({a}, "acme", GroupType::kUser, state)).empty());
  BOOST_TEST(
      Join(PermissionsOfGroups({a}, "globex", GroupType::kApi, state)).empty());
  BOOST_TEST(state.FindToken(token) != nullptr);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail
