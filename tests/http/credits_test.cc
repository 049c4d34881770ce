// Credits over real HTTP (docs/api.md, "Credits"): a token with N
// remaining uses answers VALID N times, then USAGE_EXCEEDED (POST
// /v1/verify) or 429 (GET /v1/auth); a PATCH sets new credits or removes
// them; unused leased credits go back to the pool on a graceful restart,
// so a restart neither loses nor repeats a use; bad credits are a 400 that
// writes nothing; the lease events hold no secret. The two-node cluster
// case is in cluster_test.cc; refills (UTC days and months) are folds,
// tested in tests/domain/credits_test.cc.
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <cstdio>
#include <string>

#include "tests/support/acme_server.h"

namespace keytrail::test {
namespace {

namespace json = boost::json;

struct CreditServer : AcmeServer {
  // How many of `calls` verifications of `secret` answered VALID.
  int Valid(const std::string& secret, int calls) {
    int valid = 0;
    for (int i = 0; i < calls; ++i) valid += api.VerifyCode(secret) == "VALID";
    return valid;
  }
  CreatedToken WithCredits(const std::string& credits) {
    return api.CreateToken("acme", "t", {group}, ",\"credits\":" + credits);
  }
  ClientResponse PatchCredits(const std::string& id,
                              const std::string& credits) {
    return api.Call("PATCH", "/v1/accounts/acme/tokens/" + id,
                    "{\"credits\":" + credits + "}");
  }

  // The types of the token's events but usage, oldest first.
  std::string ChangeTypes(const std::string& id) {
    json::value log =
        api.Call("GET", "/v1/audit?account=acme&stream=token-" + id).Json();
    std::string types;
    for (const json::value& item : log.at("items").as_array()) {
      std::string type(item.at("type").as_string());
      if (type == "TokenUsed" || type == "TokenUseRejected") continue;
      types += (types.empty() ? "" : " ") + type;
    }
    return types;
  }
};

BOOST_AUTO_TEST_SUITE(Credits)

BOOST_FIXTURE_TEST_CASE(ATokenWithThreeCreditsIsValidThreeTimesThenExceeded,
                        CreditServer) {
  CreatedToken token = WithCredits(R"({"remaining":3})");
  CreatedToken free = api.CreateToken("acme", "free", {group});
  json::object first = api.Verify(token.secret);
  BOOST_TEST(json::serialize(first.at("credits")) ==
             R"({"remaining":2,"refill_at":null})");
  BOOST_TEST(api.VerifyCodes(token.secret, 3) == "VALID VALID USAGE_EXCEEDED");
  BOOST_TEST(json::serialize(api.Verify(token.secret)) ==
             R"({"valid":false,"code":"USAGE_EXCEEDED",)"
             R"("credits":{"remaining":0,"refill_at":null}})");
  BOOST_TEST(api.VerifyCodes(free.secret, 4) == "VALID VALID VALID VALID");
  BOOST_TEST(!api.Verify(free.secret).contains("credits"));

  ClientResponse auth =
      Client().Get("/v1/auth", {{"Authorization", "Bearer " + token.secret}});
  BOOST_TEST(auth.status == 429);
  BOOST_TEST(std::string(auth.Json().at("code").as_string()) ==
             "USAGE_EXCEEDED");
  BOOST_TEST(auth.Header("X-Verify-Code").value_or("") == "USAGE_EXCEEDED");
  BOOST_TEST(!auth.Header("Retry-After").has_value());  // no refill

  ClientResponse shown =
      api.Call("GET", "/v1/accounts/acme/tokens/" + token.id);
  BOOST_TEST(json::serialize(shown.Json().at("credits")) ==
             R"({"remaining":0,"leased":3,"refill":null})");
  // The leases are in the token's stream, without the secret.
  ClientResponse log = api.Call(
      "GET",
      "/v1/audit?account=acme&type=CreditsLeased&stream=token-" + token.id);
  BOOST_TEST(log.Json().at("items").as_array().size() == 3u);
  BOOST_TEST(log.body.find(token.secret) == std::string::npos);
  BOOST_TEST(log.body.find(token.secret.substr(3, 20)) == std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(APatchSetsNewCreditsAndNullMakesUsesUnlimited,
                        CreditServer) {
  CreatedToken token = WithCredits(R"({"remaining":1})");
  BOOST_TEST(api.VerifyCodes(token.secret, 2) == "VALID USAGE_EXCEEDED");
  ClientResponse patched = PatchCredits(
      token.id, R"({"remaining":2,"refill":{"amount":5,"interval":"daily"}})");
  BOOST_REQUIRE_MESSAGE(patched.status == 200, patched.body);
  BOOST_TEST(json::serialize(patched.Json().at("credits")) ==
             R"({"remaining":2,"leased":0,)"
             R"("refill":{"amount":5,"interval":"daily"}})");
  json::object answer = api.Verify(token.secret);
  BOOST_TEST(answer.at("code") == "VALID");
  BOOST_TEST(answer.at("credits").at("remaining") == 1);
  BOOST_TEST(!answer.at("credits").at("refill_at").is_null());
  BOOST_TEST(api.VerifyCodes(token.secret, 2) == "VALID USAGE_EXCEEDED");
  // A refill is due: /v1/auth says when in Retry-After (at most a day).
  ClientResponse auth =
      Client().Get("/v1/auth", {{"Authorization", "Bearer " + token.secret}});
  BOOST_TEST(auth.status == 429);
  const int retry_after =
      std::stoi(std::string(auth.Header("Retry-After").value_or("0")));
  BOOST_TEST(retry_after >= 1);
  BOOST_TEST(retry_after <= 86400);

  BOOST_REQUIRE(PatchCredits(token.id, "null").status == 200);
  BOOST_TEST(api.VerifyCodes(token.secret, 3) == "VALID VALID VALID");
  BOOST_TEST(api.Call("GET", "/v1/accounts/acme/tokens/" + token.id)
                 .Json()
                 .at("credits")
                 .is_null());
  BOOST_TEST(ChangeTypes(token.id) ==
             "TokenCreated TokenCreditsChanged CreditsLeased "
             "TokenCreditsChanged CreditsLeased CreditsLeased "
             "TokenCreditsChanged");
}

BOOST_FIXTURE_TEST_CASE(ARestartReturnsUnusedCreditsAndRepeatsNoUse,
                        CreditServer) {
  CreatedToken token = WithCredits(R"({"remaining":40})");
  BOOST_TEST(Valid(token.secret, 9) == 9);  // leases of 1, 2, 4, 8
  Restart();
  // Stop() returned the lease's unused credits: 31 are left, no more.
  BOOST_TEST(Valid(token.secret, 40) == 31);
  BOOST_TEST(api.VerifyCode(token.secret) == "USAGE_EXCEEDED");
  ClientResponse log = api.Call(
      "GET",
      "/v1/audit?account=acme&type=CreditsReturned&stream=token-" + token.id);
  BOOST_TEST(log.Json().at("items").as_array().size() == 1u);
}

// The one write on the verification path, measured (printed, never
// asserted): the call that takes a lease against the calls that spend it.
BOOST_FIXTURE_TEST_CASE(ALargePoolIsLeasedOnceForManyCalls, CreditServer) {
  CreatedToken token = WithCredits(R"({"remaining":1000000000000})");
  const auto started = std::chrono::steady_clock::now();
  BOOST_TEST(api.VerifyCode(token.secret) == "VALID");
  const auto leased = std::chrono::steady_clock::now();
  constexpr int kCalls = 200;
  BOOST_TEST(Valid(token.secret, kCalls) == kCalls);
  const auto spent = std::chrono::steady_clock::now();
  const auto micros = [](auto d) {
    return std::chrono::duration<double, std::micro>(d).count();
  };
  std::printf(
      "credits: a verification that takes a lease %.0f us, one that spends "
      "it %.0f us (mean of %d; real HTTP, durable append)\n",
      micros(leased - started), micros(spent - leased) / kCalls, kCalls);
  // A thousandth of the pool (at most 10,000) at once: one lease so far.
  ClientResponse log = api.Call(
      "GET",
      "/v1/audit?account=acme&type=CreditsLeased&stream=token-" + token.id);
  BOOST_TEST(log.Json().at("items").as_array().size() == 1u);
  BOOST_TEST(api.Call("GET", "/v1/accounts/acme/tokens/" + token.id)
                 .Json()
                 .at("credits")
                 .at("leased") == 10000);
}

BOOST_FIXTURE_TEST_CASE(AnotherAccountsTokenIsNotFound, CreditServer) {
  CreatedToken token = WithCredits(R"({"remaining":3})");
  api.CreateAccount("other");
  ClientResponse patched =
      api.Call("PATCH", "/v1/accounts/other/tokens/" + token.id,
               R"({"credits":{"remaining":100}})");
  BOOST_TEST(patched.status == 404);
  BOOST_TEST(api.VerifyCodes(token.secret, 4) ==
             "VALID VALID VALID USAGE_EXCEEDED");
}

BOOST_FIXTURE_TEST_CASE(BadCreditsAnswer400AndWriteNothing, CreditServer) {
  CreatedToken token = api.CreateToken("acme", "t", {group});
  std::string rendered;
  auto attempt = [&](const std::string& credits) {
    ClientResponse create = api.Call("POST", "/v1/accounts/acme/tokens",
                                     R"({"name":"n","groups":[")" + group +
                                         R"("],"credits":)" + credits + "}");
    ClientResponse patch = PatchCredits(token.id, credits);
    rendered +=
        std::to_string(create.status) + " " + std::to_string(patch.status) +
        " " +
        std::string(patch.Json().at("errors").at(0).at("field").as_string()) +
        "\n";
  };
  attempt(R"({"remaining":-1})");
  attempt(R"({})");
  attempt(R"({"remaining":1,"refill":{"amount":0,"interval":"daily"}})");
  attempt(R"({"remaining":1,"refill":{"amount":1,"interval":"weekly"}})");
  attempt(R"({"remaining":1,"refill":{"amount":1}})");
  attempt(R"({"remaining":null,"refill":{"amount":1,"interval":"daily"}})");
  attempt(R"({"remaining":1,"extra":2})");
  attempt("5");
  BOOST_TEST(rendered ==
             "400 400 credits.remaining\n400 400 credits.remaining\n"
             "400 400 credits.refill.amount\n400 400 credits.refill.interval\n"
             "400 400 credits.refill.interval\n400 400 credits.refill\n"
             "400 400 credits.extra\n400 400 credits\n");
  ClientResponse log =
      api.Call("GET", "/v1/audit?account=acme&type=TokenCreditsChanged");
  BOOST_TEST(log.Json().at("items").as_array().empty());
  BOOST_TEST(api.VerifyCodes(token.secret, 2) == "VALID VALID");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail::test
