// Token metadata over real HTTP (docs/api.md, "Metadata"): set on create,
// replaced or removed by PATCH (one TokenMetadataChanged each), shown in
// canonical form by the token, POST /v1/verify (`meta`) and GET /v1/auth
// (base64url in the header the operator named); bad input is a 400 that
// writes nothing.
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>
#include <string>

#include "base/base64url.h"
#include "domain/token_commands.h"
#include "tests/support/api.h"
#include "tests/support/test_server.h"

namespace keytrail::test {
namespace {

namespace json = boost::json;

http::ServiceOptions WithMetadataHeader() {
  http::ServiceOptions service;
  service.auth_metadata_header = "X-Keytrail-Meta";
  return service;
}

struct MetadataServer : TestServer {
  MetadataServer() : TestServer(DefaultOptions(), WithMetadataHeader()) {
    api.CreateAccount("acme");
    group = api.CreateGroup("acme", "ERP", "api", {"contacts:read"});
  }

  // The token's "metadata" as JSON text.
  std::string Shown(const std::string& id) {
    ClientResponse token = api.Call("GET", "/v1/accounts/acme/tokens/" + id);
    return json::serialize(token.Json().at("metadata"));
  }
  // The "meta" of a verification, as JSON text.
  std::string VerifiedMeta(const std::string& secret) {
    json::object answer = api.Verify(secret);
    return answer.contains("meta") ? json::serialize(answer.at("meta"))
                                   : "(absent)";
  }
  // "TokenCreated TokenMetadataChanged ..." for the token's stream, with
  // each metadata event's data.metadata.
  std::string AuditTypes(const std::string& id) {
    ClientResponse log =
        api.Call("GET", "/v1/audit?account=acme&stream=token-" + id);
    std::string types;
    const json::value answer = log.Json();
    for (const json::value& item : answer.at("items").as_array()) {
      std::string type(item.at("type").as_string());
      if (type == "TokenUsed") continue;
      types += (types.empty() ? "" : " ") + type;
      if (type == "TokenMetadataChanged") {
        types += json::serialize(item.at("data").at("metadata"));
      }
    }
    return types;
  }
  int Patch(const std::string& id, const std::string& body) {
    return api.Call("PATCH", "/v1/accounts/acme/tokens/" + id, body).status;
  }

  Api api{Client(), operator_secret()};
  std::string group;
};

BOOST_AUTO_TEST_SUITE(TokenMetadata)

BOOST_FIXTURE_TEST_CASE(MetadataIsKeptCanonicalAndReturnedByVerify,
                        MetadataServer) {
  CreatedToken token = api.CreateToken(
      "acme", "ERP sync", {group},
      R"(,"metadata":{ "tenant" : "t-42", "limits": [1, 2], "a": null })");
  const std::string canonical = R"({"a":null,"limits":[1,2],"tenant":"t-42"})";
  BOOST_TEST(Shown(token.id) == canonical);
  BOOST_TEST(VerifiedMeta(token.secret) == canonical);

  BOOST_TEST(Patch(token.id, R"({"metadata":{"plan":"gold"}})") == 200);
  BOOST_TEST(VerifiedMeta(token.secret) == R"({"plan":"gold"})");
  BOOST_TEST(Patch(token.id, R"({"metadata":{"plan":"gold"}})") == 200);
  BOOST_TEST(Patch(token.id, R"({"metadata":null})") == 200);
  BOOST_TEST(Shown(token.id) == "null");
  BOOST_TEST(VerifiedMeta(token.secret) == "null");
  // The unchanged PATCH wrote nothing.
  BOOST_TEST(AuditTypes(token.id) ==
             "TokenCreated TokenMetadataChanged" + canonical +
                 R"( TokenMetadataChanged{"plan":"gold"})"
                 " TokenMetadataChangednull");
}

BOOST_FIXTURE_TEST_CASE(AnInvalidVerificationShowsNoMetadata, MetadataServer) {
  CreatedToken token = api.CreateToken("acme", "ERP sync", {group},
                                       R"(,"metadata":{"tenant":"t-42"})");
  BOOST_REQUIRE(
      api.Call("POST", "/v1/accounts/acme/tokens/" + token.id + ":disable")
          .status == 200);
  BOOST_TEST(VerifiedMeta(token.secret) == "(absent)");
}

BOOST_FIXTURE_TEST_CASE(AuthPassesTheMetadataBase64UrlInTheNamedHeader,
                        MetadataServer) {
  CreatedToken with = api.CreateToken("acme", "with", {group},
                                      R"(,"metadata":{"tenant":"ü/?>"})");
  CreatedToken without = api.CreateToken("acme", "without", {group});
  HttpClient proxy = Client();
  ClientResponse answer =
      proxy.Get("/v1/auth", {{"Authorization", "Bearer " + with.secret}});
  BOOST_TEST(answer.status == 204);
  BOOST_TEST(answer.Header("X-Keytrail-Meta").value_or("(none)") ==
             Base64UrlEncode(R"({"tenant":"ü/?>"})"));
  answer =
      proxy.Get("/v1/auth", {{"Authorization", "Bearer " + without.secret}});
  BOOST_TEST(answer.status == 204);
  BOOST_TEST(answer.Header("X-Keytrail-Meta").value_or("(none)") == "(none)");
}

BOOST_FIXTURE_TEST_CASE(BadMetadataAnswers400AndWritesNothing, MetadataServer) {
  CreatedToken token = api.CreateToken("acme", "ERP sync", {group});
  const std::string big(5000, 'x');
  std::string rendered;
  auto attempt = [&](const std::string& metadata) {
    ClientResponse create = api.Call("POST", "/v1/accounts/acme/tokens",
                                     R"({"name":"n","groups":[")" + group +
                                         R"("],"metadata":)" + metadata + "}");
    ClientResponse patch =
        api.Call("PATCH", "/v1/accounts/acme/tokens/" + token.id,
                 R"({"metadata":)" + metadata + "}");
    json::value problem = patch.Json();
    rendered +=
        std::to_string(create.status) + " " + std::to_string(patch.status) +
        " " + std::string(problem.at("code").as_string()) + " " +
        std::string(problem.at("errors").at(0).at("field").as_string()) + "\n";
  };
  attempt(R"("tenant")");                  // not an object
  attempt(R"([1])");                       // not an object
  attempt(R"({"ratio":0.5})");             // a fraction
  attempt(R"({"n":1e3})");                 // an exponent
  attempt(R"({"big":")" + big + R"("})");  // over 4096 bytes
  BOOST_TEST(rendered ==
             "400 400 INVALID metadata\n400 400 INVALID metadata\n"
             "400 400 INVALID metadata\n400 400 INVALID metadata\n"
             "400 400 INVALID metadata\n");
  BOOST_TEST(AuditTypes(token.id) == "TokenCreated");
  ClientResponse tokens = api.Call("GET", "/v1/accounts/acme/tokens");
  BOOST_TEST(tokens.Json().at("items").as_array().size() == 1u);
}

BOOST_FIXTURE_TEST_CASE(MetadataJustUnderTheLimitIsAccepted, MetadataServer) {
  // {"k":"…"} is 8 bytes around the value.
  const std::string value(kMaxMetadataBytes - 8, 'x');
  ClientResponse created =
      api.Call("POST", "/v1/accounts/acme/tokens",
               R"({"name":"n","groups":[")" + group +
                   R"("],"metadata":{"k":")" + value + R"("}})");
  BOOST_TEST(created.status == 201);
  ClientResponse over =
      api.Call("POST", "/v1/accounts/acme/tokens",
               R"({"name":"n","groups":[")" + group +
                   R"("],"metadata":{"k":")" + value + R"(x"}})");
  BOOST_TEST(over.status == 400);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail::test
