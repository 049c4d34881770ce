#include "domain/user_commands.h"

#include <boost/test/unit_test.hpp>

#include "tests/domain/test_state.h"

namespace keytrail {
namespace {

using testing::CodeOf;

struct UserFixture : testing::DomainFixture {
  UserFixture() { Account("acme"); }
  Result<Events> Create(std::string email, std::vector<std::string> groups = {},
                        std::vector<std::string> licenses = {}) {
    return CreateUser(
        state, "acme", "usr_x",
        {std::move(email), "Ana", std::move(groups), std::move(licenses)},
        context);
  }
};

BOOST_FIXTURE_TEST_SUITE(UserCommandsTest, UserFixture)

// docs/api.md §3: POST /users with email, name, groups, licenses.
BOOST_AUTO_TEST_CASE(CreatesAUserWithLowercasedEmail) {
  const std::string team = Group("acme", "user", {"tickets:read"});
  Must(Create(" Ana@Acme.Test ", {team}, {"api_per_user"}));
  const UserState& user = *state.FindUser("usr_x");
  BOOST_TEST(user.email == "ana@acme.test");
  BOOST_TEST(user.active);
  BOOST_TEST(user.groups == std::vector<std::string>{team});
  BOOST_TEST(user.licenses == std::vector<std::string>{"api_per_user"});
}

BOOST_AUTO_TEST_CASE(RejectsInvalidEmails) {
  for (const std::string& email : std::vector<std::string>{
           "", "ana", "ana@", "@acme.test", "ana@acme", "ana@@acme.test",
           "ana@acme..test", ".ana@acme.test", "an a@acme.test",
           "ana@-acme.test", "ana@ac\nme.test",
           std::string(65, 'a') + "@a.test",
           "a@" + std::string(250, 'b') + ".test"}) {
    BOOST_TEST(CodeOf(Create(email)) == "INVALID(email)", email);
  }
  BOOST_TEST(CodeOf(Create("ana.o'neil+tag@mail.acme-corp.test")) == "OK");
}

// docs/api.md §3: email is unique per account (case-insensitive).
BOOST_AUTO_TEST_CASE(EmailIsUniquePerAccount) {
  Must(Create("ana@acme.test"));
  BOOST_TEST(CodeOf(CreateUser(state, "acme", "usr_y",
                               {"ANA@acme.test", "", {}, {}}, context)) ==
             "CONFLICT");
  Account("globex");
  BOOST_TEST(CodeOf(CreateUser(state, "globex", "usr_z",
                               {"ana@acme.test", "", {}, {}}, context)) ==
             "OK");
}

// Apresenta.me: groups of type API are for tokens; users hold user groups.
BOOST_AUTO_TEST_CASE(UserGroupsMustBeOfTypeUser) {
  const std::string api = Group("acme", "api", {"contacts:read"});
  BOOST_TEST(CodeOf(Create("ana@acme.test", {api})) == "INVALID(groups)");
  BOOST_TEST(CodeOf(Create("ana@acme.test", {"grp_nope"})) ==
             "INVALID(groups)");
  BOOST_TEST(CodeOf(Create("ana@acme.test", {}, {"API por usuário"})) ==
             "INVALID(licenses)");
}

BOOST_AUTO_TEST_CASE(UpdateChangesNameGroupsAndLicenses) {
  const std::string team = Group("acme", "user", {"tickets:read"});
  Must(Create("ana@acme.test"));
  Must(UpdateUser(state, "acme", "usr_x",
                  {"Ana Maria", {{team}}, {{"api_per_user"}}}, context));
  const UserState& user = *state.FindUser("usr_x");
  BOOST_TEST(user.name == "Ana Maria");
  BOOST_TEST(user.groups == std::vector<std::string>{team});
  BOOST_TEST(user.licenses == std::vector<std::string>{"api_per_user"});
  BOOST_TEST(UpdateUser(state, "acme", "usr_x", {"Ana Maria", {}, {}}, context)
                 ->empty());
  BOOST_TEST(CodeOf(UpdateUser(state, "acme", "usr_nope", {}, context)) ==
             "NOT_FOUND");
}

// Tiflux: a user can be deactivated (their tokens stop) and reactivated.
BOOST_AUTO_TEST_CASE(DeactivateAndActivateAreIdempotent) {
  Must(Create("ana@acme.test"));
  Must(DeactivateUser(state, "acme", "usr_x", context));
  BOOST_TEST(!state.FindUser("usr_x")->active);
  BOOST_TEST(DeactivateUser(state, "acme", "usr_x", context)->empty());
  Must(ActivateUser(state, "acme", "usr_x", context));
  BOOST_TEST(state.FindUser("usr_x")->active);
  BOOST_TEST(ActivateUser(state, "acme", "usr_x", context)->empty());
  BOOST_TEST(state.history() ==
             "AccountCreated(acme)@0 UserCreated(usr_x)@0 "
             "UserDeactivated(usr_x)@1 UserActivated(usr_x)@2");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail
