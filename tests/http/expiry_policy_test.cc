// The account's expiry policy over real HTTP (docs/api.md "Expiry policy"):
// PATCH /settings sets max_token_ttl_days; create, PATCH, :extend and
// :regenerate answer 422 EXPIRY_POLICY beyond it and write nothing.
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <string>

#include "base/time.h"
#include "tests/support/api.h"
#include "tests/support/test_server.h"

namespace keytrail::test {
namespace {

namespace json = boost::json;

std::string InDays(int64_t days) {
  return FormatRfc3339(WallNow() + days * kMicrosPerDay);
}

struct PolicyFixture : TestServer {
  Api api{Client(), operator_secret()};
  std::string group;

  PolicyFixture() {
    api.CreateAccount("acme");
    group = api.CreateGroup("acme", "ERP", "api", {"contacts:read"});
  }
  // "422 EXPIRY_POLICY expires_at" or "200 " / "201 ".
  std::string Attempt(const std::string& method, const std::string& target,
                      const std::string& body) {
    ClientResponse response = api.Call(method, target, body);
    std::string out = std::to_string(response.status) + " ";
    if (response.status >= 400) {
      const json::object problem = response.Json().as_object();
      out += std::string(problem.at("code").as_string());
      if (problem.contains("errors")) {
        out += " " +
               std::string(
                   problem.at("errors").as_array()[0].at("field").as_string());
      }
    }
    return out;
  }
  std::string AuditTypes(const std::string& id) {
    return api.AuditTypes("acme", "token-" + id);
  }
};

BOOST_AUTO_TEST_SUITE(ExpiryPolicy)

BOOST_FIXTURE_TEST_CASE(SettingsShowAndValidateThePolicy, PolicyFixture) {
  const std::string settings = "/v1/accounts/acme/settings";
  std::string rendered;
  rendered += Attempt("PATCH", settings, R"({"max_token_ttl_days":0})") + "\n";
  rendered +=
      Attempt("PATCH", settings, R"({"max_token_ttl_days":"30"})") + "\n";
  rendered +=
      Attempt("PATCH", settings,
              R"({"max_token_ttl_days":30,"default_token_ttl_days":31})") +
      "\n";
  rendered += Attempt("PATCH", settings, R"({"max_token_ttl_days":30})") + "\n";
  BOOST_TEST(rendered ==
             "400 INVALID max_token_ttl_days\n400 INVALID max_token_ttl_days\n"
             "400 INVALID default_token_ttl_days\n200 \n");
  const json::value account = api.Call("GET", "/v1/accounts/acme").Json();
  BOOST_TEST(account.at("settings").at("max_token_ttl_days").as_int64() == 30);
  const json::value log =
      api.Call("GET", "/v1/audit?account=acme&stream=account-acme").Json();
  const json::value& last = log.at("items").as_array().back();
  BOOST_TEST(last.at("type").as_string() == "AccountExpiryPolicyChanged");
  BOOST_TEST(last.at("data").at("max_token_ttl_days").as_int64() == 30);
}

BOOST_FIXTURE_TEST_CASE(EveryExpiryChangeKeepsWithinThePolicy, PolicyFixture) {
  CreatedToken forever = api.CreateToken("acme", "forever", {group});
  CreatedToken soon = api.CreateToken(
      "acme", "soon", {group}, R"(,"expires_at":")" + InDays(10) + R"(")");
  api.SetSettings("acme", R"({"max_token_ttl_days":30})");
  const std::string tokens = "/v1/accounts/acme/tokens";
  const std::string create_body = R"({"name":"x","groups":[")" + group +
                                  R"("],"expires_at":")" + InDays(31) + R"("})";
  std::string rendered;
  rendered += Attempt("POST", tokens, create_body) + "\n";
  rendered += Attempt("PATCH", tokens + "/" + soon.id,
                      R"({"expires_at":")" + InDays(31) + R"("})") +
              "\n";
  rendered +=
      Attempt("PATCH", tokens + "/" + soon.id, R"({"expires_at":null})") + "\n";
  rendered +=
      Attempt("POST", tokens + "/" + soon.id + ":extend", R"({"days":21})") +
      "\n";
  rendered +=
      Attempt("POST", tokens + "/" + forever.id + ":regenerate", "") + "\n";
  BOOST_TEST(rendered ==
             "422 EXPIRY_POLICY expires_at\n422 EXPIRY_POLICY expires_at\n"
             "422 EXPIRY_POLICY expires_at\n422 EXPIRY_POLICY expires_at\n"
             "422 EXPIRY_POLICY expires_at\n");
  BOOST_TEST(AuditTypes(soon.id) == "TokenCreated");
  BOOST_TEST(AuditTypes(forever.id) == "TokenCreated");
  // The old secret still works: a refused regenerate changed nothing.
  BOOST_TEST(api.VerifyCode(forever.secret) == "VALID");

  // Within the policy every call succeeds.
  rendered.clear();
  rendered +=
      Attempt("POST", tokens + "/" + soon.id + ":extend", R"({"days":19})") +
      "\n";
  rendered += Attempt("PATCH", tokens + "/" + forever.id,
                      R"({"expires_at":")" + InDays(29) + R"("})") +
              "\n";
  rendered +=
      Attempt("POST", tokens + "/" + forever.id + ":regenerate", "") + "\n";
  BOOST_TEST(rendered == "200 \n200 \n200 \n");
  // Without expires_at a new token gets the maximum.
  ClientResponse created =
      api.Call("POST", tokens, R"({"name":"y","groups":[")" + group + R"("]})");
  BOOST_REQUIRE(created.status == 201);
  std::optional<Micros> expires =
      ParseRfc3339(std::string(created.Json().at("expires_at").as_string()));
  BOOST_REQUIRE(expires.has_value());
  BOOST_TEST(*expires > WallNow() + 30 * kMicrosPerDay - 60 * kMicrosPerSecond);
  BOOST_TEST(*expires <= WallNow() + 30 * kMicrosPerDay);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail::test
