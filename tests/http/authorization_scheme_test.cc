// The `Authorization` scheme is case-insensitive (RFC 9110 §11.1): a token
// sent as `bearer`, `BEARER` or `bEaReR` is read by every route that reads
// credentials — the management API, the audit routes, /v1/verify and
// /v1/auth — over HTTP against a real server.
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>
#include <string>

#include "http/headers.h"
#include "tests/http/verify_fixture.h"

namespace keytrail::test {
namespace {

BOOST_AUTO_TEST_SUITE(AuthorizationScheme)

BOOST_AUTO_TEST_CASE(BearerCredentialsIgnoresSchemeCase) {
  BOOST_TEST(*http::BearerCredentials("bearer kt_x") == "kt_x");
  BOOST_TEST(*http::BearerCredentials("BEARER   kt_x") == "kt_x");
  BOOST_TEST(!http::BearerCredentials("Bearerkt_x").has_value());
  BOOST_TEST(!http::BearerCredentials("Bearer ").has_value());
  BOOST_TEST(!http::BearerCredentials("Basic kt_x").has_value());
}

BOOST_FIXTURE_TEST_CASE(EverySchemeCaseAuthenticatesEveryRoute, VerifyServer) {
  CreatedToken token = AccountWithToken("acme", {"orders:read"});
  CreatedToken auditor =
      CreateToken("acme", {CreateGroup("acme", {"audit:read"})});
  for (const std::string scheme : {"bearer", "BEARER", "bEaReR"}) {
    BOOST_TEST_CONTEXT("scheme " << scheme) {
      HeaderList as_operator = {
          {"Authorization", scheme + " " + operator_secret()}};
      HeaderList as_token = {{"Authorization", scheme + " " + token.secret}};
      HttpClient client = Client();
      BOOST_TEST(client.Get("/v1/accounts/acme", as_operator).status == 200);
      BOOST_TEST(client.Get("/v1/audit?limit=1", as_operator).status == 200);
      HeaderList as_auditor = {
          {"Authorization", scheme + " " + auditor.secret}};
      BOOST_TEST(client.Get("/v1/audit?limit=1", as_auditor).status == 200);
      ClientResponse verify = client.Post("/v1/verify", "", as_token);
      BOOST_TEST(verify.Json().at("code") == "VALID");
      BOOST_TEST(client.Get("/v1/auth", as_token).status == 204);
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail::test
