#include "domain/verification.h"

#include <boost/test/unit_test.hpp>

#include "base/sha256.h"
#include "domain/grant_commands.h"
#include "tests/domain/test_state.h"

namespace keytrail {
namespace {

using testing::kNow;

struct VerifyFixture : testing::DomainFixture {
  std::string api, team, ana, token, personal;
  VerifyFixture() {
    Account("acme");
    api = Group("acme", "api", {"orders:read", "contacts:read"});
    team = Group("acme", "user", {"tickets:read"});
    ana = User("acme", {team});
    token = GroupToken("acme", {api});
    personal = PersonalToken("acme", ana);
  }

  // "CODE" or "VALID account [permissions]" for `secret` presented now.
  std::string VerifySecret(const std::string& token_id,
                           const std::string& secret,
                           std::string_view account = "",
                           std::string_view permission = "") {
    const VerifyDecision decision =
        Verify({state.FindToken(token_id), Sha256DigestOf(secret), account,
                permission, context.now, ""},
               state);
    std::string out(ToString(decision.code));
    if (!decision.valid()) return out;
    out += " " + decision.account + " [";
    for (size_t i = 0; i < decision.permissions.size(); ++i) {
      out += (i ? " " : "") + decision.permissions[i];
    }
    out += "]";
    if (decision.previous_secret) out += " previous";
    return out;
  }
  std::string VerifyToken(const std::string& token_id,
                          std::string_view account = "",
                          std::string_view permission = "") {
    return VerifySecret(token_id, secrets.at(token_id), account, permission);
  }
};

BOOST_FIXTURE_TEST_SUITE(VerificationTest, VerifyFixture)

// docs/api.md §4: VALID with the union of the groups' permissions.
BOOST_AUTO_TEST_CASE(ValidWithSortedPermissions) {
  BOOST_TEST(VerifyToken(token) == "VALID acme [contacts:read orders:read]");
  BOOST_TEST(VerifyToken(token, "acme", "orders:read") ==
             "VALID acme [contacts:read orders:read]");
  BOOST_TEST(VerifyToken(personal) == "VALID acme [tickets:read]");
}

BOOST_AUTO_TEST_CASE(NotFoundWithoutAToken) {
  const VerifyDecision decision =
      Verify({nullptr, {}, "", "", kNow, ""}, state);
  BOOST_TEST(ToString(decision.code) == "NOT_FOUND");
  BOOST_TEST(ToString(VerifyCode::kMalformed) == "MALFORMED");
}

// Pingback "Excluir": the integration stops at once (Tiflux: 401).
BOOST_AUTO_TEST_CASE(RevokedTokenIsRevoked) {
  Must(RevokeToken(state, "acme", token, context));
  BOOST_TEST(VerifyToken(token) == "REVOKED");
}

// Apresenta.me "Gerar novamente": the previous value stops working at once.
BOOST_AUTO_TEST_CASE(RegenerateRetiresTheOldSecretAtOnce) {
  const std::string old = secrets.at(token);
  const std::string next = GenerateSecret(random);
  Must(RegenerateToken(state, "acme", token, 0, next, context));
  BOOST_TEST(VerifySecret(token, old) == "REVOKED");
  BOOST_TEST(VerifySecret(token, next) ==
             "VALID acme [contacts:read orders:read]");
}

// docs/api.md §3: with a grace period the old secret verifies until it ends.
BOOST_AUTO_TEST_CASE(PreviousSecretVerifiesDuringItsGrace) {
  const std::string old = secrets.at(token);
  const std::string next = GenerateSecret(random);
  Must(RegenerateToken(state, "acme", token, 60, next, context));
  BOOST_TEST(VerifySecret(token, old) ==
             "VALID acme [contacts:read orders:read] previous");
  context.now = kNow + 60 * kMicrosPerSecond;
  BOOST_TEST(VerifySecret(token, old) == "REVOKED");
  BOOST_TEST(VerifySecret(token, next) ==
             "VALID acme [contacts:read orders:read]");
  // A second regenerate retires the first secret for good.
  Must(RegenerateToken(state, "acme", token, 60, GenerateSecret(random),
                       context));
  BOOST_TEST(VerifySecret(token, old) == "REVOKED");
}

// Pingback "Desativar": every request with the key is blocked.
BOOST_AUTO_TEST_CASE(DisabledTokenIsDisabled) {
  Must(DisableToken(state, "acme", token, context));
  BOOST_TEST(VerifyToken(token) == "DISABLED");
  Must(EnableToken(state, "acme", token, context));
  BOOST_TEST(VerifyToken(token).rfind("VALID", 0) == 0u);
}

// VTEX: keys have a duration.
BOOST_AUTO_TEST_CASE(ExpiredTokenIsExpired) {
  UpdateTokenInput input;
  input.expires_at.emplace(kNow + 10);
  Must(UpdateToken(state, "acme", token, input, context));
  context.now = kNow + 9;
  BOOST_TEST(VerifyToken(token).rfind("VALID", 0) == 0u);
  context.now = kNow + 10;
  BOOST_TEST(VerifyToken(token) == "EXPIRED");
}

// Pingback: a downgrade to Free disables the key; an upgrade restores it.
BOOST_AUTO_TEST_CASE(PlanWithoutApiAccessIsPlanDisabled) {
  Must(ChangePlan(state, "acme", Plan{"free", false, {}}, context));
  BOOST_TEST(VerifyToken(token) == "PLAN_DISABLED");
  BOOST_TEST(VerifyToken(personal) == "PLAN_DISABLED");
  Must(ChangePlan(state, "acme", Plan{"pro", true, {}}, context));
  BOOST_TEST(VerifyToken(token).rfind("VALID", 0) == 0u);
}

// Tiflux: a token stops when its user is deactivated; docs/api.md: reactivation
// restores it.
BOOST_AUTO_TEST_CASE(InactiveUserIsUserInactive) {
  Must(DeactivateUser(state, "acme", ana, context));
  BOOST_TEST(VerifyToken(personal) == "USER_INACTIVE");
  BOOST_TEST(VerifyToken(token).rfind("VALID", 0) == 0u);
  Must(ActivateUser(state, "acme", ana, context));
  BOOST_TEST(VerifyToken(personal) == "VALID acme [tickets:read]");
}

// docs/api.md §4: FORBIDDEN for a missing permission or another account.
BOOST_AUTO_TEST_CASE(ForbiddenWithoutThePermissionOrTheAccount) {
  BOOST_TEST(VerifyToken(token, "", "orders:write") == "FORBIDDEN");
  BOOST_TEST(VerifyToken(personal, "", "orders:read") == "FORBIDDEN");
  Account("globex");
  BOOST_TEST(VerifyToken(token, "globex") == "FORBIDDEN");
  BOOST_TEST(VerifyToken(token, "nope") == "FORBIDDEN");
}

// Tiflux: the token has its user's permissions, following them live.
BOOST_AUTO_TEST_CASE(PermissionChangesApplyAtOnce) {
  Must(UpdateGroup(state, "acme", team, {std::nullopt, {{"tickets:*"}}, {}, {}},
                   context));
  BOOST_TEST(VerifyToken(personal, "", "tickets:write") ==
             "VALID acme [tickets:*]");
  Must(UpdateUser(state, "acme", ana, {std::nullopt, {{}}, std::nullopt},
                  context));
  BOOST_TEST(VerifyToken(personal, "", "tickets:write") == "FORBIDDEN");
}

// VTEX third-party keys: a grant gives its groups' permissions in the
// granting account.
BOOST_AUTO_TEST_CASE(GrantGivesItsGroupsInTheGrantingAccount) {
  Account("globex");
  const std::string shop = Group("globex", "api", {"catalog:read"});
  Must(AddGrant(state, "globex", "grt_1", {token, {shop}}, context));
  BOOST_TEST(VerifyToken(token, "globex") == "VALID globex [catalog:read]");
  BOOST_TEST(VerifyToken(token, "globex", "orders:read") == "FORBIDDEN");
  Must(ChangePlan(state, "globex", Plan{"free", false, {}}, context));
  BOOST_TEST(VerifyToken(token, "globex") == "PLAN_DISABLED");
  Must(ChangePlan(state, "globex", Plan{"pro", true, {}}, context));
  Must(RemoveGrant(state, "globex", "grt_1", context));
  BOOST_TEST(VerifyToken(token, "globex") == "FORBIDDEN");
}

// docs/api.md §1: the operator token has * over every account.
BOOST_AUTO_TEST_CASE(OperatorReachesEveryAccount) {
  const std::string secret = GenerateSecret(random);
  Must(BootstrapOperator(state, {"grp_ops", "tok_ops", secret}, context));
  secrets["tok_ops"] = secret;
  BOOST_TEST(VerifyToken("tok_ops", "acme", "tokens:edit") == "VALID acme [*]");
  BOOST_TEST(VerifyToken("tok_ops") == "VALID _system [*]");
  BOOST_TEST(VerifyToken("tok_ops", "nope") == "FORBIDDEN");
}

// docs/api.md §4: the first failing check is the answer. Every check fails at
// first; each step clears one and the answer moves to the next.
BOOST_AUTO_TEST_CASE(ChecksRunInOrder) {
  Must(DeactivateUser(state, "acme", ana, context));
  Must(ChangePlan(state, "acme", Plan{"free", false, {}}, context));
  TokenState& raw = state.token(personal);
  raw.expires_at = kNow;
  raw.status = TokenStatus::kRevoked;
  std::string answers = VerifyToken(personal, "globex", "orders:write");
  raw.status = TokenStatus::kDisabled;
  answers += " " + VerifyToken(personal, "globex", "orders:write");
  raw.status = TokenStatus::kActive;
  answers += " " + VerifyToken(personal, "globex", "orders:write");
  raw.expires_at.reset();
  answers += " " + VerifyToken(personal, "globex", "orders:write");
  Must(ChangePlan(state, "acme", Plan{"pro", true, {}}, context));
  answers += " " + VerifyToken(personal, "globex", "orders:write");
  Must(ActivateUser(state, "acme", ana, context));
  answers += " " + VerifyToken(personal, "globex", "orders:write");
  answers += " " + VerifyToken(personal, "acme", "orders:write");
  answers += " " + VerifyToken(personal, "acme", "tickets:read");
  BOOST_TEST(answers ==
             "REVOKED DISABLED EXPIRED PLAN_DISABLED USER_INACTIVE FORBIDDEN "
             "FORBIDDEN VALID acme [tickets:read]");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail
