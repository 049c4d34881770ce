// Rate limits over real HTTP (docs/api.md, "Rate limits"): a token's own
// bucket, an identity's shared by several tokens, a group's shared by its
// tokens; POST /v1/verify answers RATE_LIMITED with `ratelimit`, GET
// /v1/auth 429 with Retry-After; refused calls are recorded; bad limits
// are a 400 that writes nothing. Windows are a day long, so no bucket
// refills while a test runs, however slow the machine.
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <map>
#include <string>
#include <thread>

#include "tests/support/acme_server.h"

namespace keytrail::test {
namespace {

namespace json = boost::json;

constexpr const char* kThreePerDay = R"({"limit":3,"window_ms":86400000})";

struct LimitServer : AcmeServer {
  CreatedToken Limited(const std::string& extra) {
    return api.CreateToken("acme", "t", {group}, extra);
  }
};

BOOST_AUTO_TEST_SUITE(RateLimits)

BOOST_FIXTURE_TEST_CASE(ATokensOwnBucketAllowsItsLimitThenRateLimited,
                        LimitServer) {
  CreatedToken token = Limited(std::string(R"(,"rate_limit":)") + kThreePerDay);
  CreatedToken free = Limited("");
  json::object first = api.Verify(token.secret);
  BOOST_TEST(json::serialize(first.at("ratelimit").at("limit")) == "3");
  BOOST_TEST(json::serialize(first.at("ratelimit").at("remaining")) == "2");
  BOOST_TEST(api.VerifyCodes(token.secret, 3) == "VALID VALID RATE_LIMITED");
  json::object refused = api.Verify(token.secret);
  BOOST_TEST(json::serialize(refused) ==
             json::serialize(json::object{
                 {"valid", false},
                 {"code", "RATE_LIMITED"},
                 {"ratelimit",
                  {{"limit", 3},
                   {"remaining", 0},
                   {"reset", refused.at("ratelimit").at("reset")}}}}));
  // Refusals spend nothing and other tokens have their own buckets.
  BOOST_TEST(api.VerifyCodes(free.secret, 4) == "VALID VALID VALID VALID");
  BOOST_TEST(!api.Verify(free.secret).contains("ratelimit"));

  ClientResponse auth =
      Client().Get("/v1/auth", {{"Authorization", "Bearer " + token.secret}});
  BOOST_TEST(auth.status == 429);
  BOOST_TEST(std::string(auth.Json().at("code").as_string()) == "RATE_LIMITED");
  BOOST_TEST(auth.Header("X-Verify-Code").value_or("") == "RATE_LIMITED");
  const int retry_after =
      std::stoi(std::string(auth.Header("Retry-After").value_or("0")));
  BOOST_TEST(retry_after >= 1);
  BOOST_TEST(retry_after <= 8 * 3600 + 1);  // a call every 8 hours

  // Recorded like every rejection (a flush may split the count).
  auto rejected = [&] {
    ClientResponse log = api.Call(
        "GET", "/v1/audit?account=acme&type=TokenUseRejected&stream=token-" +
                   token.id);
    int64_t count = 0;
    const json::value answer = log.Json();
    for (const json::value& item : answer.at("items").as_array()) {
      if (item.at("data").at("code") == "RATE_LIMITED") {
        count += item.at("data").at("count").as_int64();
      }
    }
    return count;
  };
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (rejected() < 3 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  BOOST_TEST(rejected() == 3);
}

BOOST_FIXTURE_TEST_CASE(AnIdentitysBucketIsSharedByItsTokens, LimitServer) {
  const std::string shared = std::string(R"(,"rate_limit":)") + kThreePerDay +
                             R"(,"identity":"customer-42")";
  CreatedToken a = Limited(shared);
  CreatedToken b = Limited(shared);
  CreatedToken own = Limited(std::string(R"(,"rate_limit":)") + kThreePerDay);
  BOOST_TEST(api.VerifyCodes(a.secret, 2) == "VALID VALID");
  BOOST_TEST(api.VerifyCodes(b.secret, 2) == "VALID RATE_LIMITED");
  BOOST_TEST(api.VerifyCodes(a.secret, 1) == "RATE_LIMITED");
  BOOST_TEST(api.VerifyCodes(own.secret, 3) == "VALID VALID VALID");
  // Back to its own bucket, the token starts full.
  ClientResponse patched = api.Call("PATCH", "/v1/accounts/acme/tokens/" + b.id,
                                    R"({"identity":null})");
  BOOST_REQUIRE_MESSAGE(patched.status == 200, patched.body);
  BOOST_TEST(patched.Json().at("identity").is_null());
  BOOST_TEST(api.VerifyCodes(b.secret, 1) == "VALID");
  // Without a limit the token is free again.
  BOOST_REQUIRE(api.Call("PATCH", "/v1/accounts/acme/tokens/" + a.id,
                         R"({"rate_limit":null})")
                    .status == 200);
  BOOST_TEST(api.VerifyCodes(a.secret, 4) == "VALID VALID VALID VALID");
}

BOOST_FIXTURE_TEST_CASE(AGroupsBucketIsSharedByTheGroupsTokens, LimitServer) {
  CreatedToken a = Limited("");
  CreatedToken b = Limited("");
  ClientResponse patched =
      api.Call("PATCH", "/v1/accounts/acme/groups/" + group,
               std::string(R"({"rate_limit":)") + kThreePerDay + "}");
  BOOST_REQUIRE_MESSAGE(patched.status == 200, patched.body);
  BOOST_TEST(json::serialize(patched.Json().at("rate_limit")) ==
             R"({"limit":3,"window_ms":86400000})");
  std::string codes = api.VerifyCodes(a.secret, 2);
  codes +=
      " " + api.VerifyCodes(b.secret, 2);  // after a's calls, in this order
  BOOST_TEST(codes == "VALID VALID VALID RATE_LIMITED");
  BOOST_REQUIRE(api.Call("PATCH", "/v1/accounts/acme/groups/" + group,
                         R"({"rate_limit":null})")
                    .status == 200);
  BOOST_TEST(api.VerifyCodes(b.secret, 1) == "VALID");
}

BOOST_FIXTURE_TEST_CASE(BadLimitsAnswer400AndWriteNothing, LimitServer) {
  CreatedToken token = Limited("");
  std::string rendered;
  auto attempt = [&](const std::string& fields) {
    ClientResponse create =
        api.Call("POST", "/v1/accounts/acme/tokens",
                 R"({"name":"n","groups":[")" + group + R"("])" + fields + "}");
    ClientResponse patch =
        api.Call("PATCH", "/v1/accounts/acme/tokens/" + token.id,
                 "{" + fields.substr(1) + "}");
    json::value problem = patch.Json();
    rendered +=
        std::to_string(create.status) + " " + std::to_string(patch.status) +
        " " + std::string(problem.at("errors").at(0).at("field").as_string()) +
        "\n";
  };
  attempt(R"(,"rate_limit":{"limit":0,"window_ms":1000})");
  attempt(R"(,"rate_limit":{"limit":5,"window_ms":999})");
  attempt(R"(,"rate_limit":{"limit":5})");
  attempt(R"(,"rate_limit":{"limit":5,"window_ms":1000,"burst":2})");
  attempt(R"(,"rate_limit":{"limit":1.5,"window_ms":1000})");
  attempt(R"(,"rate_limit":5)");
  attempt(R"(,"identity":"customer-42")");  // no limit
  BOOST_TEST(rendered ==
             "400 400 rate_limit.limit\n400 400 rate_limit.window_ms\n"
             "400 400 rate_limit.window_ms\n400 400 rate_limit.burst\n"
             "400 400 rate_limit\n400 400 rate_limit\n400 400 identity\n");
  ClientResponse group_patch =
      api.Call("PATCH", "/v1/accounts/acme/groups/" + group,
               R"({"rate_limit":{"limit":0,"window_ms":1000}})");
  BOOST_TEST(group_patch.status == 400);
  ClientResponse log =
      api.Call("GET", "/v1/audit?account=acme&type=TokenRateLimitChanged");
  BOOST_TEST(log.Json().at("items").as_array().empty());
  BOOST_TEST(api.VerifyCodes(token.secret, 4) == "VALID VALID VALID VALID");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail::test
