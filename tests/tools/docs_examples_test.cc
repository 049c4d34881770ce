// What docs/api.md and the OpenAPI document show agrees with what a real
// `keytrail serve` answers: the versions in the examples (a resource's
// first version is 0), X-User absent for a group token on GET /v1/auth,
// and the as_of problem's hint at %2B for a raw "+" in a query string.
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <set>
#include <string>

#include "tests/support/api.h"
#include "tests/support/keytrail_process.h"
#include "tests/support/temp_dir.h"

namespace keytrail::test {
namespace {

namespace fs = std::filesystem;

std::string ApiDoc() {
  std::ifstream in(fs::path(__FILE__).parent_path() / "../../docs/api.md");
  return std::string(std::istreambuf_iterator<char>(in), {});
}

struct Served {
  TempDir root;
  ServeProcess server{root.path() / "data"};
  Api op{server.Client(), server.operator_secret()};
};

BOOST_AUTO_TEST_SUITE(DocsExamples)

BOOST_FIXTURE_TEST_CASE(TheExamplesShowTheVersionsTheServerGives, Served) {
  std::set<int64_t> given;
  auto version_of = [&](const ClientResponse& created) {
    BOOST_REQUIRE_MESSAGE(created.status == 201, created.body);
    given.insert(created.Json().at("version").as_int64());
  };
  version_of(op.Call("POST", "/v1/accounts", R"({"id":"acme","name":"Acme"})"));
  version_of(op.Call("POST", "/v1/accounts/acme/groups",
                     R"({"name":"ERP","type":"api","permissions":["*"]})"));
  version_of(op.Call("POST", "/v1/accounts/acme/users",
                     R"({"email":"ana@acme.test","name":"Ana"})"));
  const std::string group = op.CreateGroup("acme", "G", "api", {"*"});
  version_of(op.Call("POST", "/v1/accounts/acme/tokens",
                     R"({"name":"ERP sync","groups":[")" + group + "\"]}"));
  BOOST_TEST(given == std::set<int64_t>{0});

  // Every "version": N of an example in docs/api.md is a first version.
  const std::string doc = ApiDoc();
  static const std::regex kVersion(R"re("version": (\d+))re");
  int examples = 0;
  for (std::sregex_iterator it(doc.begin(), doc.end(), kVersion), end;
       it != end; ++it, ++examples) {
    BOOST_TEST(std::stoll((*it)[1]) == 0, "docs/api.md: " << it->str());
  }
  BOOST_TEST(examples >= 5);
}

BOOST_FIXTURE_TEST_CASE(XUserIsAbsentForAGroupTokenAsDocumented, Served) {
  op.CreateAccount("acme");
  const std::string group = op.CreateGroup("acme", "ERP", "api", {"*"});
  const CreatedToken token = op.CreateToken("acme", "ERP sync", {group});
  HttpClient client = server.Client();
  ClientResponse auth =
      client.Get("/v1/auth", {{"Authorization", "Bearer " + token.secret}});
  BOOST_TEST(auth.status == 204);
  BOOST_TEST(auth.Header("X-Token-Id").value_or("") == token.id);
  BOOST_TEST(!auth.Header("X-User").has_value());

  BOOST_TEST(ApiDoc().find("`X-User` is absent for a group token") !=
             std::string::npos);
  const boost::json::value openapi = client.Get("/v1/openapi.json").Json();
  const std::string described(
      openapi
          .at_pointer("/paths/~1v1~1auth/get/responses/204/headers/X-User/"
                      "description")
          .as_string());
  BOOST_TEST(described.find("Absent for a group token") != std::string::npos,
             described);
}

BOOST_FIXTURE_TEST_CASE(AnAsOfWithARawPlusHintsAtPercent2B, Served) {
  op.CreateAccount("acme");
  // "+01:00" sent raw arrives as " 01:00".
  ClientResponse answer = op.Call(
      "GET", "/v1/accounts/acme/tokens?as_of=2026-11-24T10:00:00+01:00");
  BOOST_TEST(answer.status == 400);
  BOOST_TEST(answer.body.find("%2B") != std::string::npos, answer.body);
  // Encoded, the same time parses (the account did not exist yet then).
  BOOST_TEST(
      op.Call("GET",
              "/v1/accounts/acme/tokens?as_of=2026-11-24T10:00:00%2B01:00")
          .status == 200);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail::test
