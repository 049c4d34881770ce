// IP binding over real HTTP (docs/api.md, "IP binding"): a token's and its
// groups' bound_cidrs decide FORBIDDEN_IP on POST /v1/verify, GET /v1/auth
// and management calls, by the client IP usage is recorded with (here
// X-Forwarded-For from a trusted 127.0.0.1), and the rejection is recorded
// with that IP; bad lists are a 400 that writes nothing.
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <map>
#include <string>
#include <thread>

#include "tests/support/api.h"
#include "tests/support/test_server.h"

namespace keytrail::test {
namespace {

namespace json = boost::json;

http::ServiceOptions BehindTrustedProxy() {
  http::ServiceOptions service;
  service.trusted_proxies = {"127.0.0.1"};
  return service;
}

struct BindingServer : TestServer {
  BindingServer() : TestServer(DefaultOptions(), BehindTrustedProxy()) {
    api.CreateAccount("acme");
    group = api.CreateGroup("acme", "ERP", "api", {"tokens:view"});
  }

  // The verification code of `secret` presented from `ip`.
  std::string CodeFrom(const std::string& secret, const std::string& ip) {
    ClientResponse answer =
        verifier.Post("/v1/verify", R"({"token":")" + secret + R"("})",
                      {{"X-Forwarded-For", ip}});
    BOOST_REQUIRE_MESSAGE(answer.status == 200, answer.body);
    return std::string(answer.Json().at("code").as_string());
  }
  // "<status> <problem code> <X-Verify-Code>" of GET /v1/auth from `ip`.
  std::string AuthFrom(const std::string& secret, const std::string& ip) {
    ClientResponse answer = verifier.Get(
        "/v1/auth",
        {{"Authorization", "Bearer " + secret}, {"X-Forwarded-For", ip}});
    std::string code = "-";
    if (answer.status != 204) {
      code = std::string(answer.Json().at("code").as_string());
    }
    return std::to_string(answer.status) + " " + code + " " +
           std::string(answer.Header("X-Verify-Code").value_or("-"));
  }
  // The token's TokenUseRejected counts in the log, summed per code and IP
  // (a flush may split them): "CODE@ip=count ...", sorted.
  std::string Rejections(const std::string& id) {
    ClientResponse log = api.Call(
        "GET",
        "/v1/audit?account=acme&type=TokenUseRejected&stream=token-" + id);
    std::map<std::string, int64_t> counts;
    const json::value answer = log.Json();
    for (const json::value& item : answer.at("items").as_array()) {
      const json::value& data = item.at("data");
      counts[std::string(data.at("code").as_string()) + "@" +
             std::string(data.at("ip").as_string())] +=
          data.at("count").as_int64();
    }
    std::string out;
    for (const auto& [key, count] : counts) {
      out += (out.empty() ? "" : " ") + key + "=" + std::to_string(count);
    }
    return out;
  }

  Api api{Client(), operator_secret()};
  HttpClient verifier = Client();
  std::string group;
};

BOOST_AUTO_TEST_SUITE(IpBinding)

BOOST_FIXTURE_TEST_CASE(AVerificationFromOutsideTheTokensCidrsIsForbiddenIp,
                        BindingServer) {
  CreatedToken token =
      api.CreateToken("acme", "ERP sync", {group},
                      R"(,"bound_cidrs":["10.0.0.0/8","2001:DB8::/32"])");
  ClientResponse shown =
      api.Call("GET", "/v1/accounts/acme/tokens/" + token.id);
  BOOST_TEST(json::serialize(shown.Json().at("bound_cidrs")) ==
             R"(["10.0.0.0/8","2001:db8::/32"])");
  std::string rendered;
  for (const char* ip : {"10.1.2.3", "2001:db8::9", "::ffff:10.0.0.1",
                         "192.0.2.1", "2001:db9::1"}) {
    rendered += CodeFrom(token.secret, ip) + " ";
  }
  BOOST_TEST(rendered == "VALID VALID VALID FORBIDDEN_IP FORBIDDEN_IP ");
  BOOST_TEST(AuthFrom(token.secret, "10.1.2.3") == "204 - -");
  BOOST_TEST(AuthFrom(token.secret, "192.0.2.1") ==
             "403 FORBIDDEN_IP FORBIDDEN_IP");
  // Recorded like every rejection, with the client IP (two from
  // 192.0.2.1: the verify and the auth).
  const std::string expected =
      "FORBIDDEN_IP@192.0.2.1=2 FORBIDDEN_IP@2001:db9::1=1";
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (Rejections(token.id) != expected &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  BOOST_TEST(Rejections(token.id) == expected);
}

BOOST_FIXTURE_TEST_CASE(AGroupsCidrsBindItsTokensAndAManagementCall,
                        BindingServer) {
  CreatedToken token = api.CreateToken("acme", "ERP sync", {group});
  ClientResponse patched =
      api.Call("PATCH", "/v1/accounts/acme/groups/" + group,
               R"({"bound_cidrs":["198.51.100.0/24"]})");
  BOOST_REQUIRE_MESSAGE(patched.status == 200, patched.body);
  BOOST_TEST(json::serialize(patched.Json().at("bound_cidrs")) ==
             R"(["198.51.100.0/24"])");
  BOOST_TEST(CodeFrom(token.secret, "198.51.100.7") == "VALID");
  BOOST_TEST(CodeFrom(token.secret, "10.1.2.3") == "FORBIDDEN_IP");

  // The token itself calls the management API.
  Api self(Client(), token.secret);
  auto list_from = [&](const std::string& ip) {
    ClientResponse answer = self.Call("GET", "/v1/accounts/acme/tokens", "",
                                      {{"X-Forwarded-For", ip}});
    return std::to_string(answer.status) +
           (answer.status == 200
                ? ""
                : " " + std::string(answer.Json().at("code").as_string()));
  };
  BOOST_TEST(list_from("198.51.100.7") == "200");
  BOOST_TEST(list_from("10.1.2.3") == "403 FORBIDDEN_IP");

  BOOST_REQUIRE(api.Call("PATCH", "/v1/accounts/acme/groups/" + group,
                         R"({"bound_cidrs":[]})")
                    .status == 200);
  BOOST_TEST(CodeFrom(token.secret, "10.1.2.3") == "VALID");
}

BOOST_FIXTURE_TEST_CASE(BadCidrsAnswer400AndWriteNothing, BindingServer) {
  CreatedToken token = api.CreateToken("acme", "ERP sync", {group});
  std::string rendered;
  auto attempt = [&](const std::string& cidrs) {
    ClientResponse create = api.Call("POST", "/v1/accounts/acme/tokens",
                                     R"({"name":"n","groups":[")" + group +
                                         R"("],"bound_cidrs":)" + cidrs + "}");
    ClientResponse patch =
        api.Call("PATCH", "/v1/accounts/acme/tokens/" + token.id,
                 R"({"bound_cidrs":)" + cidrs + "}");
    ClientResponse group_patch =
        api.Call("PATCH", "/v1/accounts/acme/groups/" + group,
                 R"({"bound_cidrs":)" + cidrs + "}");
    json::value problem = patch.Json();
    rendered +=
        std::to_string(create.status) + " " + std::to_string(patch.status) +
        " " + std::to_string(group_patch.status) + " " +
        std::string(problem.at("code").as_string()) + " " +
        std::string(problem.at("errors").at(0).at("field").as_string()) + "\n";
  };
  attempt(R"(["10.0.0.1/8"])");   // host bits set
  attempt(R"(["10.0.0.0/33"])");  // prefix too long
  attempt(R"(["intranet"])");
  attempt(R"("10.0.0.0/8")");  // not an array
  BOOST_TEST(
      rendered ==
      "400 400 400 INVALID bound_cidrs\n400 400 400 INVALID bound_cidrs\n"
      "400 400 400 INVALID bound_cidrs\n400 400 400 INVALID bound_cidrs\n");
  ClientResponse log =
      api.Call("GET", "/v1/audit?account=acme&type=TokenBoundCidrsChanged");
  BOOST_TEST(log.Json().at("items").as_array().empty());
  ClientResponse tokens = api.Call("GET", "/v1/accounts/acme/tokens");
  BOOST_TEST(tokens.Json().at("items").as_array().size() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail::test
