// Prefixes over real HTTP (docs/api.md "Prefixes"): an account's
// token_prefix and a token's environment give acme_live_… secrets that
// verify, authenticate, mask, regenerate and are looked up like kt_ ones.
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>
#include <string>

#include "base/base62.h"
#include "domain/secret.h"
#include "tests/support/api.h"
#include "tests/support/test_server.h"

namespace keytrail::test {
namespace {

namespace json = boost::json;

struct PrefixFixture : TestServer {
  Api api{Client(), operator_secret()};
  std::string group;

  PrefixFixture() {
    api.CreateAccount("acme");
    group = api.CreateGroup("acme", "ERP", "api", {"contacts:read"});
  }
  json::object Create(const std::string& environment) {
    std::string body = R"({"name":"checkout","groups":[")" + group + R"("])";
    if (!environment.empty()) {
      body += R"(,"environment":")" + environment + R"(")";
    }
    ClientResponse created =
        api.Call("POST", "/v1/accounts/acme/tokens", body + "}");
    BOOST_REQUIRE_MESSAGE(created.status == 201, created.body);
    return created.Json().as_object();
  }
  static std::string Text(const json::object& object, const char* key) {
    const json::value& value = object.at(key);
    return value.is_null() ? "null" : std::string(value.as_string());
  }
};

BOOST_AUTO_TEST_SUITE(TokenPrefix)

BOOST_FIXTURE_TEST_CASE(AccountPrefixAndEnvironmentMakeTheSecret,
                        PrefixFixture) {
  api.SetSettings("acme", R"({"token_prefix":"acme_"})");
  const json::value account = api.Call("GET", "/v1/accounts/acme").Json();
  BOOST_TEST(account.at("settings").at("token_prefix").as_string() == "acme_");

  std::string rendered;
  for (const std::string environment : {"live", "test", ""}) {
    const json::object token = Create(environment);
    const std::string secret = Text(token, "secret");
    rendered += std::string(SecretPrefixOf(secret)) + " " +
                Text(token, "environment") + " " +
                (Text(token, "masked") == std::string(SecretPrefixOf(secret)) +
                                              "\u2026" +
                                              secret.substr(secret.size() - 4)
                     ? "masked"
                     : "not-masked") +
                " " + api.VerifyCode(secret) + "\n";
  }
  BOOST_TEST(rendered ==
             "acme_live_ live masked VALID\nacme_test_ test masked VALID\n"
             "acme_ null masked VALID\n");
}

BOOST_FIXTURE_TEST_CASE(PrefixedSecretsAuthenticateAndRegenerateWithTheirPrefix,
                        PrefixFixture) {
  api.SetSettings("acme", R"({"token_prefix":"acme_"})");
  const std::string admin_group =
      api.CreateGroup("acme", "admins", "api", {"tokens:view", "tokens:renew"});
  ClientResponse created =
      api.Call("POST", "/v1/accounts/acme/tokens",
               R"({"name":"admin","environment":"live","groups":[")" +
                   admin_group + R"("]})");
  BOOST_REQUIRE(created.status == 201);
  const json::object token = created.Json().as_object();
  const std::string id = Text(token, "id");
  const std::string secret = Text(token, "secret");
  // A management call with the prefixed secret.
  Api as_token(Client(), secret);
  BOOST_TEST(as_token.Call("GET", "/v1/accounts/acme/tokens/" + id).status ==
             200);
  // The account's prefix changes; the token keeps its own.
  api.SetSettings("acme", R"({"token_prefix":"globex_"})");
  ClientResponse regenerated =
      api.Call("POST", "/v1/accounts/acme/tokens/" + id + ":regenerate", "");
  BOOST_REQUIRE(regenerated.status == 200);
  const std::string next = Text(regenerated.Json().as_object(), "secret");
  BOOST_TEST(SecretPrefixOf(next) == "acme_live_");
  BOOST_TEST(api.VerifyCode(next) == "VALID");
  BOOST_TEST(api.VerifyCode(secret) == "REVOKED");
}

// The prefix is part of the secret: the same body under another prefix
// (with a valid checksum) is another secret, unknown to verify and lookup.
BOOST_FIXTURE_TEST_CASE(TheLookupMatchesTheWholePrefixedSecret, PrefixFixture) {
  api.SetSettings("acme", R"({"token_prefix":"acme_"})");
  const json::object token = Create("live");
  const std::string secret = Text(token, "secret");
  ClientResponse found =
      api.Call("POST", "/v1/tokens:lookup",
               json::serialize(json::object{{"secret", secret}}));
  BOOST_REQUIRE(found.status == 200);
  const json::object match = found.Json().as_object();
  BOOST_TEST(Text(match, "token_id") == Text(token, "id"));
  BOOST_TEST(Text(match, "environment") == "live");
  BOOST_TEST(Text(match, "masked") == Text(token, "masked"));

  std::string other = "acme_test_" + secret.substr(10, kSecretRandomChars);
  AppendBase62Fixed(other, Crc32(other), kSecretChecksumChars);
  BOOST_REQUIRE((CheckSecretFormat(other) == SecretFormat::kOk));
  BOOST_TEST(api.VerifyCode(other) == "NOT_FOUND");
  BOOST_TEST(api.Call("POST", "/v1/tokens:lookup",
                      json::serialize(json::object{{"secret", other}}))
                 .status == 404);
}

BOOST_FIXTURE_TEST_CASE(BadPrefixesAndEnvironmentsAnswer400, PrefixFixture) {
  std::string rendered;
  for (const char* body :
       {R"({"token_prefix":"acme"})", R"({"token_prefix":"ACME_"})",
        R"({"token_prefix":"acme_live_"})",
        R"({"token_prefix":"abcdefghijklmnopq_"})", R"({"token_prefix":7})"}) {
    ClientResponse answer =
        api.Call("PATCH", "/v1/accounts/acme/settings", body);
    rendered += std::to_string(answer.status) + " " +
                Text(answer.Json().as_object(), "code") + "\n";
  }
  ClientResponse bad_environment = api.Call(
      "POST", "/v1/accounts/acme/tokens",
      R"({"name":"x","environment":"prod","groups":[")" + group + R"("]})");
  rendered += std::to_string(bad_environment.status) + " " +
              Text(bad_environment.Json().as_object(), "code") + "\n";
  BOOST_TEST(rendered ==
             "400 INVALID\n400 INVALID\n400 INVALID\n400 INVALID\n"
             "400 INVALID\n400 INVALID\n");
  const json::value account = api.Call("GET", "/v1/accounts/acme").Json();
  BOOST_TEST(account.at("settings").at("token_prefix").as_string() == "kt_");
  BOOST_TEST(account.at("version").as_int64() == 0);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail::test
