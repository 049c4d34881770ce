#include "domain/group_commands.h"

#include <boost/test/unit_test.hpp>

#include "domain/grant_commands.h"
#include "tests/domain/test_state.h"

namespace keytrail {
namespace {

using testing::CodeOf;

struct GroupFixture : testing::DomainFixture {
  GroupFixture() { Account("acme"); }
  Result<Events> Create(std::string name, std::string type,
                        std::vector<std::string> permissions) {
    return CreateGroup(
        state, "acme", "grp_x",
        {std::move(name), std::move(type), std::move(permissions), {}, {}},
        context);
  }
};

BOOST_FIXTURE_TEST_SUITE(GroupCommandsTest, GroupFixture)

// Apresenta.me: a group of type API with full permission gives a token full
// access.
BOOST_AUTO_TEST_CASE(CreatesAnApiGroupWithFullAccess) {
  Must(Create("  Full access ", "api", {"*"}));
  const GroupState& group = *state.FindGroup("grp_x");
  BOOST_TEST(group.name == "Full access");
  BOOST_TEST((group.type == GroupType::kApi));
  BOOST_TEST(group.permissions == std::vector<std::string>{"*"});
}

// docs/api.md §3: type is "api" or "user"; permissions resource:action or *.
BOOST_AUTO_TEST_CASE(RejectsBadNameTypeAndPermissions) {
  BOOST_TEST(CodeOf(Create("", "api", {})) == "INVALID(name)");
  BOOST_TEST(CodeOf(Create(std::string(101, 'g'), "api", {})) ==
             "INVALID(name)");
  BOOST_TEST(CodeOf(Create("ERP\x01", "api", {})) == "INVALID(name)");
  BOOST_TEST(CodeOf(Create("ERP", "admin", {})) == "INVALID(type)");
  BOOST_TEST(CodeOf(Create("ERP", "api", {"contacts"})) ==
             "INVALID(permissions)");
  BOOST_TEST(CodeOf(Create("ERP", "api", {"contacts read"})) ==
             "INVALID(permissions)");
  BOOST_TEST(CodeOf(CreateGroup(state, "globex", "g",
                                {"ERP", "api", {}, {}, {}}, context)) ==
             "NOT_FOUND");
  // Every bad field is reported at once.
  Result<Events> result = Create("", "admin", {"x"});
  BOOST_TEST(result.error().fields.size() == 3u);
}

BOOST_AUTO_TEST_CASE(PermissionsAreSortedAndDeduplicated) {
  Must(Create("ERP", "api", {"orders:read", "contacts:read", "orders:read"}));
  BOOST_TEST(state.FindGroup("grp_x")->permissions ==
             (std::vector<std::string>{"contacts:read", "orders:read"}));
}

BOOST_AUTO_TEST_CASE(UpdateChangesNameAndPermissions) {
  Must(Create("ERP", "api", {"contacts:read"}));
  Must(UpdateGroup(state, "acme", "grp_x", {"ERP 2", std::nullopt, {}, {}},
                   context));
  Must(UpdateGroup(state, "acme", "grp_x",
                   {std::nullopt, {{"deals:write"}}, {}, {}}, context));
  const GroupState& group = *state.FindGroup("grp_x");
  BOOST_TEST(group.name == "ERP 2");
  BOOST_TEST(group.permissions == std::vector<std::string>{"deals:write"});
  BOOST_TEST(UpdateGroup(state, "acme", "grp_x", {"ERP 2", {}, {}, {}}, context)
                 ->empty());
  BOOST_TEST(CodeOf(UpdateGroup(state, "acme", "grp_x", {"", {}, {}, {}},
                                context)) == "INVALID(name)");
}

// docs/api.md §1: a resource of another account answers 404.
BOOST_AUTO_TEST_CASE(GroupOfAnotherAccountIsNotFound) {
  Must(Create("ERP", "api", {}));
  Account("globex");
  BOOST_TEST(CodeOf(UpdateGroup(state, "globex", "grp_x", {"x", {}, {}, {}},
                                context)) == "NOT_FOUND");
  BOOST_TEST(CodeOf(DeleteGroup(state, "globex", "grp_x", context)) ==
             "NOT_FOUND");
}

// docs/api.md §3: DELETE answers GROUP_IN_USE while a token or user is bound.
BOOST_AUTO_TEST_CASE(DeleteRefusesWhileBoundToATokenOrUser) {
  const std::string api = Group("acme", "api", {"contacts:read"});
  const std::string team = Group("acme", "user", {"contacts:read"});
  const std::string token = GroupToken("acme", {api});
  const std::string user = User("acme", {team});
  BOOST_TEST(CodeOf(DeleteGroup(state, "acme", api, context)) ==
             "GROUP_IN_USE");
  BOOST_TEST(CodeOf(DeleteGroup(state, "acme", team, context)) ==
             "GROUP_IN_USE");
  // A revoked token no longer holds its groups.
  Must(RevokeToken(state, "acme", token, context));
  Must(DeleteGroup(state, "acme", api, context));
  Must(UpdateUser(state, "acme", user, {std::nullopt, {{}}, std::nullopt},
                  context));
  Must(DeleteGroup(state, "acme", team, context));
  BOOST_TEST(CodeOf(DeleteGroup(state, "acme", team, context)) == "NOT_FOUND");
}

// VTEX third-party keys: a grant binds the granting account's groups too.
BOOST_AUTO_TEST_CASE(DeleteRefusesWhileBoundToAGrant) {
  const std::string api = Group("acme", "api", {"contacts:read"});
  Account("globex");
  const std::string theirs =
      GroupToken("globex", {Group("globex", "api", {"contacts:read"})});
  Must(AddGrant(state, "acme", "grt_1", {theirs, {api}}, context));
  BOOST_TEST(CodeOf(DeleteGroup(state, "acme", api, context)) ==
             "GROUP_IN_USE");
  Must(RemoveGrant(state, "acme", "grt_1", context));
  Must(DeleteGroup(state, "acme", api, context));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail
