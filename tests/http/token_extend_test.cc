// POST …/tokens/{id}:extend over real HTTP (docs/api.md, "Extend"): the
// expiry moves later by one TokenExpiryExtended event, within its rules.
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <optional>
#include <string>

#include "base/time.h"
#include "tests/support/acme_server.h"

namespace keytrail::test {
namespace {

namespace json = boost::json;

struct ExtendFixture : AcmeServer {
  std::string Extend(const std::string& id, const std::string& body,
                     int* status) {
    ClientResponse response =
        api.Call("POST", "/v1/accounts/acme/tokens/" + id + ":extend", body);
    *status = response.status;
    json::value answer = response.Json();
    if (response.status == 200) {
      return std::string(answer.at("expires_at").as_string());
    }
    return answer.is_object() && answer.as_object().contains("code")
               ? std::string(answer.at("code").as_string())
               : "";
  }
  std::string AuditTypes(const std::string& id) {
    return api.AuditTypes("acme", "token-" + id);
  }
};

BOOST_AUTO_TEST_SUITE(TokenExtend)

BOOST_FIXTURE_TEST_CASE(ExtendByDaysMovesTheExpiryLaterByOneEvent,
                        ExtendFixture) {
  CreatedToken token = api.CreateToken(
      "acme", "ERP sync", {group},
      R"(,"expires_at":")" + FormatRfc3339(WallNow() + kMicrosPerDay) + R"(")");
  int status = 0;
  std::string expires = Extend(token.id, R"({"days":30})", &status);
  BOOST_TEST(status == 200);
  std::optional<Micros> parsed = ParseRfc3339(expires);
  BOOST_REQUIRE(parsed.has_value());
  const Micros expected = WallNow() + 31 * kMicrosPerDay;
  BOOST_TEST(*parsed > expected - 60 * kMicrosPerSecond);
  BOOST_TEST(*parsed < expected + 60 * kMicrosPerSecond);
  BOOST_TEST(AuditTypes(token.id) == "TokenCreated TokenExpiryExtended");
  BOOST_TEST(api.VerifyCode(token.secret) == "VALID");
}

BOOST_FIXTURE_TEST_CASE(AnEmptyBodyUsesTheAccountsDefaultDuration,
                        ExtendFixture) {
  api.SetSettings("acme", R"({"default_token_ttl_days":10})");
  CreatedToken token = api.CreateToken("acme", "ERP sync", {group});
  int status = 0;
  std::string expires = Extend(token.id, "", &status);
  BOOST_TEST(status == 200);
  std::optional<Micros> parsed = ParseRfc3339(expires);
  BOOST_REQUIRE(parsed.has_value());
  const Micros expected = WallNow() + 20 * kMicrosPerDay;
  BOOST_TEST(*parsed > expected - 60 * kMicrosPerSecond);
  BOOST_TEST(*parsed < expected + 60 * kMicrosPerSecond);
}

BOOST_FIXTURE_TEST_CASE(BadExtensionsAnswer400OrConflictAndWriteNothing,
                        ExtendFixture) {
  CreatedToken forever = api.CreateToken("acme", "forever", {group});
  CreatedToken soon = api.CreateToken(
      "acme", "soon", {group},
      R"(,"expires_at":")" + FormatRfc3339(WallNow() + kMicrosPerDay) + R"(")");
  const std::string earlier = FormatRfc3339(WallNow() + 3600'000'000);
  int status = 0;
  std::string rendered;
  auto attempt = [&](const std::string& id, const std::string& body) {
    std::string code = Extend(id, body, &status);
    rendered += std::to_string(status) + " " + code + "\n";
  };
  attempt(forever.id, R"({"days":5})");  // never expires
  attempt(soon.id, R"({"days":5,"expires_at":"2099-01-01T00:00:00Z"})");
  attempt(soon.id, R"({"days":0})");                           // out of range
  attempt(soon.id, R"({"expires_at":")" + earlier + R"("})");  // earlier
  attempt(soon.id, "");              // no default duration in the account
  attempt(soon.id, R"({"day":5})");  // unknown field
  BOOST_REQUIRE(
      api.Call("DELETE", "/v1/accounts/acme/tokens/" + soon.id).status == 204);
  attempt(soon.id, R"({"days":5})");  // revoked
  BOOST_TEST(rendered ==
             "400 INVALID\n400 INVALID\n400 INVALID\n400 INVALID\n"
             "400 INVALID\n400 INVALID\n409 CONFLICT\n");
  BOOST_TEST(AuditTypes(soon.id) == "TokenCreated TokenRevoked");
}

BOOST_FIXTURE_TEST_CASE(ExtendNeedsTokensRenew, ExtendFixture) {
  std::string viewers =
      api.CreateGroup("acme", "viewers", "api", {"tokens:view", "tokens:edit"});
  CreatedToken viewer = api.CreateToken("acme", "viewer", {viewers});
  CreatedToken soon = api.CreateToken(
      "acme", "soon", {group},
      R"(,"expires_at":")" + FormatRfc3339(WallNow() + kMicrosPerDay) + R"(")");
  Api as_viewer(Client(), viewer.secret);
  ClientResponse refused =
      as_viewer.Call("POST", "/v1/accounts/acme/tokens/" + soon.id + ":extend",
                     R"({"days":5})");
  BOOST_TEST(refused.status == 403);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail::test
