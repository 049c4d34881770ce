#include "http/router.h"

#include <boost/test/unit_test.hpp>
#include <string>

namespace keytrail::http {
namespace {

Response Ok(const Request&) { return Response::Empty(204); }

// A router with the shapes the API uses (docs/api.md §3, §4).
struct RouterFixture {
  RouterFixture() {
    Add("GET", "/healthz", "healthz");
    Add("POST", "/v1/accounts", "accounts.create");
    Add("GET", "/v1/accounts/{account}", "accounts.get");
    Add("GET", "/v1/accounts/{account}/tokens", "tokens.list");
    Add("POST", "/v1/accounts/{account}/tokens", "tokens.create");
    Add("GET", "/v1/accounts/{account}/tokens/{id}", "tokens.get");
    Add("PATCH", "/v1/accounts/{account}/tokens/{id}", "tokens.update");
    Add("DELETE", "/v1/accounts/{account}/tokens/{id}", "tokens.delete");
    Add("POST", "/v1/accounts/{account}/tokens/{id}:disable", "tokens.disable");
    Add("POST", "/v1/accounts/{account}/tokens/{id}:enable", "tokens.enable");
    Add("POST", "/v1/tokens:lookup", "tokens.lookup");
    Add("GET", "/v1/audit/head", "audit.head");
  }

  void Add(std::string method, std::string pattern, std::string name) {
    Status added = router.Add(
        {std::move(method), std::move(pattern), std::move(name), Ok, false});
    BOOST_REQUIRE_MESSAGE(added.ok(),
                          (added.ok() ? "" : added.error().message));
  }

  // Renders what Find() answers: "tokens.get account=acme id=tok_1",
  // "404" or "405 GET, HEAD".
  std::string Find(std::string_view method, std::string_view target) const {
    RouteMatch match = router.Find(method, target);
    switch (match.kind) {
      case RouteMatch::Kind::kNotFound:
        return "404";
      case RouteMatch::Kind::kMethodNotAllowed: {
        std::string out = "405";
        for (const std::string& allowed : match.allowed) {
          out += (out == "405" ? " " : ", ") + allowed;
        }
        return out;
      }
      case RouteMatch::Kind::kFound:
        break;
    }
    std::string out = match.route->name;
    for (const auto& [name, value] : match.params) {
      out += " " + name + "=" + value;
    }
    return out;
  }

  Router router;
};

BOOST_FIXTURE_TEST_SUITE(RouterTest, RouterFixture)

BOOST_AUTO_TEST_CASE(LiteralPathsMatchExactly) {
  BOOST_TEST(Find("GET", "/healthz") == "healthz");
  BOOST_TEST(Find("GET", "/healthz/") == "404");
  BOOST_TEST(Find("GET", "/healthzz") == "404");
  BOOST_TEST(Find("GET", "/") == "404");
  BOOST_TEST(Find("GET", "/v1/audit/head") == "audit.head");
}

BOOST_AUTO_TEST_CASE(ParametersCaptureOneDecodedSegment) {
  BOOST_TEST(Find("GET", "/v1/accounts/acme/tokens/tok_1") ==
             "tokens.get account=acme id=tok_1");
  BOOST_TEST(Find("GET", "/v1/accounts/a%20b") == "accounts.get account=a b");
  BOOST_TEST(Find("GET", "/v1/accounts/a%2Fb") == "accounts.get account=a/b");
  BOOST_TEST(Find("GET", "/v1/accounts/acme/tokens?q=x&limit=5") ==
             "tokens.list account=acme");
}

BOOST_AUTO_TEST_CASE(ParametersNeverMatchEmptySegments) {
  BOOST_TEST(Find("GET", "/v1/accounts//tokens") == "404");
  BOOST_TEST(Find("GET", "/v1/accounts/acme/tokens/") == "404");
}

BOOST_AUTO_TEST_CASE(SuffixSegmentsDoNotCollideWithPlainParameters) {
  BOOST_TEST(Find("POST", "/v1/accounts/acme/tokens/tok_1:disable") ==
             "tokens.disable account=acme id=tok_1");
  BOOST_TEST(Find("POST", "/v1/accounts/acme/tokens/tok_1:enable") ==
             "tokens.enable account=acme id=tok_1");
  BOOST_TEST(Find("GET", "/v1/accounts/acme/tokens/tok_1:disable") ==
             "405 POST");
  BOOST_TEST(Find("POST", "/v1/accounts/acme/tokens/tok_1:explode") == "404");
  BOOST_TEST(Find("POST", "/v1/accounts/acme/tokens/:disable") == "404");
  BOOST_TEST(Find("GET", "/v1/accounts/acme/tokens/a:b") == "404");
}

BOOST_AUTO_TEST_CASE(LiteralSegmentsMayHoldAColon) {
  BOOST_TEST(Find("POST", "/v1/tokens:lookup") == "tokens.lookup");
  BOOST_TEST(Find("POST", "/v1/tokens:lookupx") == "404");
  BOOST_TEST(Find("GET", "/v1/tokens:lookup") == "405 POST");
}

BOOST_AUTO_TEST_CASE(KnownPathWithAnotherMethodListsAllowedMethods) {
  BOOST_TEST(Find("PUT", "/v1/accounts/acme/tokens/tok_1") ==
             "405 DELETE, GET, HEAD, PATCH");
  BOOST_TEST(Find("DELETE", "/v1/accounts") == "405 POST");
}

BOOST_AUTO_TEST_CASE(HeadFallsBackToGet) {
  BOOST_TEST(Find("HEAD", "/healthz") == "healthz");
  BOOST_TEST(Find("HEAD", "/v1/accounts") == "405 POST");
}

BOOST_AUTO_TEST_CASE(MoreSpecificPatternWins) {
  Add("GET", "/v1/accounts/{account}/tokens/export", "tokens.export");
  BOOST_TEST(Find("GET", "/v1/accounts/acme/tokens/export") ==
             "tokens.export account=acme");
  BOOST_TEST(Find("GET", "/v1/accounts/acme/tokens/tok_2") ==
             "tokens.get account=acme id=tok_2");
}

BOOST_AUTO_TEST_CASE(MalformedTargetsAreNotFound) {
  BOOST_TEST(Find("GET", "healthz") == "404");
  BOOST_TEST(Find("GET", "http://example.com/healthz") == "404");
  BOOST_TEST(Find("GET", "/v1/accounts/%zz") == "404");
}

BOOST_AUTO_TEST_CASE(ATrailingSlashMatchesOnlyItself) {
  Add("GET", "/console/", "console.index");
  Add("GET", "/console/{asset}", "console.asset");
  BOOST_TEST(Find("GET", "/console/") == "console.index");
  BOOST_TEST(Find("GET", "/console/app.js") == "console.asset asset=app.js");
  BOOST_TEST(Find("GET", "/console") == "404");
  BOOST_TEST(Find("GET", "/console//") == "404");
}

BOOST_AUTO_TEST_CASE(ALiteralOfAnotherMethodLeavesTheParametersToMatch) {
  Add("POST", "/v1/accounts/export", "accounts.export");
  BOOST_TEST(Find("POST", "/v1/accounts/export") == "accounts.export");
  BOOST_TEST(Find("GET", "/v1/accounts/export") ==
             "accounts.get account=export");
  BOOST_TEST(Find("HEAD", "/v1/accounts/export") ==
             "accounts.get account=export");
  BOOST_TEST(Find("DELETE", "/v1/accounts/export") == "405 GET, HEAD, POST");
}

BOOST_AUTO_TEST_CASE(AnEscapedLiteralMatchesAsDecoded) {
  BOOST_TEST(Find("GET", "/health%7A") == "healthz");
  BOOST_TEST(Find("GET", "/healthz?x=1") == "healthz");
  BOOST_TEST(Find("POST", "/v1/tokens%3Alookup") == "tokens.lookup");
}

BOOST_AUTO_TEST_CASE(AddRejectsMalformedAndCollidingPatterns) {
  auto add = [this](std::string method, std::string pattern) {
    Status added = router.Add({std::move(method), std::move(pattern), "x", Ok});
    return added.ok() ? std::string("ok")
                      : std::string(ErrorCodeName(added.error().code));
  };
  BOOST_TEST(add("GET", "v1/x") == "INVALID");
  BOOST_TEST(add("GET", "/v1//x") == "INVALID");
  BOOST_TEST(add("GET", "/v1/{}") == "INVALID");
  BOOST_TEST(add("GET", "/v1/{a") == "INVALID");
  BOOST_TEST(add("GET", "/v1/{a}{b}") == "INVALID");
  BOOST_TEST(add("GET", "/v1/x{a}") == "INVALID");
  BOOST_TEST(add("GET", "/v1/{a}/{a}") == "INVALID");
  BOOST_TEST(add("GET", "/v1/accounts/{other}") == "CONFLICT");
  BOOST_TEST(add("GET", "/v1/accounts/{a}/tokens/{b}:disable") == "ok");
  BOOST_TEST(add("POST", "/v1/accounts/{a}/tokens/{b}:disable") == "CONFLICT");
}

BOOST_AUTO_TEST_CASE(RoutesListsEveryEntryInOrder) {
  std::vector<RouteInfo> routes = router.Routes();
  BOOST_REQUIRE_EQUAL(routes.size(), 12u);
  BOOST_TEST(routes[0].method == "GET");
  BOOST_TEST(routes[0].pattern == "/healthz");
  BOOST_TEST(routes[0].name == "healthz");
  BOOST_TEST(routes[10].pattern == "/v1/tokens:lookup");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail::http
