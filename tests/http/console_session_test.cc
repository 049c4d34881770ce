// The admin console over real HTTP (docs/console.md): its embedded files
// and their headers, and the sign-in sessions — cookie attributes, the
// cookie as an alternative to Authorization, CSRF on writes, sign-out,
// idle expiry, regenerate ending the session, and the session events.
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>
#include <string>
#include <thread>

#include "routes/console_assets.h"
#include "tests/support/api.h"
#include "tests/support/test_server.h"

namespace keytrail::test {
namespace {

using namespace std::chrono_literals;

// A server whose console sessions end after 1 s without use.
struct ShortSessions : TestServer {
  static http::ServiceOptions Service() {
    http::ServiceOptions service;
    service.console.idle_timeout = 1s;
    return service;
  }
  ShortSessions() : TestServer(DefaultOptions(), Service()) {}
};

struct SignedIn {
  std::string cookie;  // "kt_session=…"
  std::string csrf;
  boost::json::object session;
};

SignedIn SignIn(HttpClient& client, const std::string& secret) {
  ClientResponse response =
      client.Post("/v1/console/session", "{\"token\":\"" + secret + "\"}");
  BOOST_TEST_REQUIRE(response.status == 201, response.body);
  std::string set_cookie(response.Header("Set-Cookie").value_or(""));
  SignedIn out;
  out.cookie = set_cookie.substr(0, set_cookie.find(';'));
  out.session = response.Json().as_object();
  out.csrf = std::string(out.session.at("csrf_token").as_string());
  return out;
}

std::string EventTypes(Api& op) {
  ClientResponse audit = op.Call("GET", "/v1/audit?limit=1000");
  std::string types;
  const boost::json::value json = audit.Json();
  for (const auto& event : json.at("items").as_array()) {
    types += std::string(event.at("type").as_string()) + " ";
  }
  return types;
}

BOOST_AUTO_TEST_SUITE(ConsoleSession)

BOOST_FIXTURE_TEST_CASE(FilesAreServedWithAStrictPolicy, TestServer) {
  HttpClient client = Client();
  ClientResponse redirect = client.Get("/console");
  BOOST_TEST(redirect.status == 308);
  BOOST_TEST(redirect.Header("Location").value_or("") == "/console/");
  ClientResponse index = client.Get("/console/");
  BOOST_TEST(index.status == 200);
  BOOST_TEST(index.body.find("app.js") != std::string::npos);
  BOOST_TEST(
      index.Header("Content-Type").value_or("").starts_with("text/html"));
  std::string csp(index.Header("Content-Security-Policy").value_or(""));
  BOOST_TEST(csp.find("default-src 'self'") != std::string::npos);
  BOOST_TEST(csp.find("frame-ancestors 'none'") != std::string::npos);
  BOOST_TEST(csp.find("unsafe-inline") == std::string::npos);
  BOOST_TEST(index.Header("X-Content-Type-Options").value_or("") == "nosniff");
  std::string etag(index.Header("ETag").value_or(""));
  BOOST_TEST(etag.size() == 66u);  // a quoted SHA-256
  BOOST_TEST(client.Get("/console/", {{"If-None-Match", etag}}).status == 304);
  ClientResponse module = client.Get("/console/screens/tokens.js");
  BOOST_TEST(module.status == 200);
  BOOST_TEST(module.Header("Content-Type")
                 .value_or("")
                 .starts_with("text/javascript"));
  BOOST_TEST(client.Get("/console/nope.js").status == 404);
  BOOST_TEST(client.Get("/console/%2E%2E%2Fapp.js").status == 404);
}

BOOST_AUTO_TEST_CASE(AssetsStayUnder300KB) {
  size_t total = 0;
  for (const http::ConsoleAsset& asset : http::ConsoleAssets()) {
    total += asset.body.size();
  }
  BOOST_TEST(total > 0u);
  BOOST_TEST(total < 300u * 1024u);
}

BOOST_FIXTURE_TEST_CASE(CookieStandsForTheTokenAndWritesNeedCsrf, TestServer) {
  Api op{Client(), operator_secret()};
  op.CreateAccount("acme");
  op.CreateAccount("globex");
  std::string admins = op.CreateGroup("acme", "Admins", "api", {"*"});
  CreatedToken admin = op.CreateToken("acme", "admin", {admins});

  HttpClient client = Client();
  SignedIn in = SignIn(client, admin.secret);
  BOOST_TEST(in.session.at("account").as_string() == "acme");
  BOOST_TEST(in.session.at("token").as_string() == admin.id);
  ClientResponse signed_in = client.Post(
      "/v1/console/session", "{\"token\":\"" + admin.secret + "\"}");
  std::string cookie(signed_in.Header("Set-Cookie").value_or(""));
  BOOST_TEST(cookie.find("HttpOnly") != std::string::npos);
  BOOST_TEST(cookie.find("SameSite=Strict") != std::string::npos);
  BOOST_TEST(cookie.find("Secure") == std::string::npos);  // plain HTTP
  BOOST_TEST(signed_in.body.find(admin.secret) == std::string::npos);

  // Reads need only the cookie.
  BOOST_TEST(
      client.Get("/v1/accounts/acme/tokens", {{"Cookie", in.cookie}}).status ==
      200);
  // Another account answers as if it did not exist.
  BOOST_TEST(client.Get("/v1/accounts/globex/tokens", {{"Cookie", in.cookie}})
                 .status == 404);
  // Writes need the CSRF token too.
  const std::string group = R"({"name":"x","type":"api","permissions":[]})";
  BOOST_TEST(
      client.Post("/v1/accounts/acme/groups", group, {{"Cookie", in.cookie}})
          .status == 403);
  BOOST_TEST(client
                 .Post("/v1/accounts/acme/groups", group,
                       {{"Cookie", in.cookie}, {"X-CSRF-Token", "0" + in.csrf}})
                 .status == 403);
  BOOST_TEST(client
                 .Post("/v1/accounts/acme/groups", group,
                       {{"Cookie", in.cookie}, {"X-CSRF-Token", in.csrf}})
                 .status == 201);
  // The session's own GET gives the CSRF token again.
  ClientResponse session =
      client.Get("/v1/console/session", {{"Cookie", in.cookie}});
  BOOST_TEST(session.status == 200);
  BOOST_TEST(session.Json().at("csrf_token").as_string() == in.csrf);

  // Sign-out needs CSRF, then ends the session for good.
  BOOST_TEST(
      client.Delete("/v1/console/session", {{"Cookie", in.cookie}}).status ==
      403);
  ClientResponse out =
      client.Delete("/v1/console/session",
                    {{"Cookie", in.cookie}, {"X-CSRF-Token", in.csrf}});
  BOOST_TEST(out.status == 204);
  BOOST_TEST(
      std::string(out.Header("Set-Cookie").value_or("")).find("Max-Age=0") !=
      std::string::npos);
  BOOST_TEST(
      client.Get("/v1/accounts/acme/tokens", {{"Cookie", in.cookie}}).status ==
      401);

  std::string types = EventTypes(op);
  BOOST_TEST(types.find("ConsoleSignedIn") != std::string::npos);
  BOOST_TEST(types.find("ConsoleSignedOut") != std::string::npos);
  // The log holds no session secret.
  ClientResponse audit = op.Call("GET", "/v1/audit?limit=1000");
  BOOST_TEST(audit.body.find(in.cookie.substr(in.cookie.find('=') + 1)) ==
             std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(FailedSignInsAreRefusedAndLogged, TestServer) {
  Api op{Client(), operator_secret()};
  op.CreateAccount("acme");
  std::string admins = op.CreateGroup("acme", "Admins", "api", {"*"});
  CreatedToken admin = op.CreateToken("acme", "admin", {admins});
  op.Call("POST", "/v1/accounts/acme/tokens/" + admin.id + ":disable");
  HttpClient client = Client();
  BOOST_TEST(client.Post("/v1/console/session", R"({"token":"nope"})").status ==
             401);
  ClientResponse disabled = client.Post("/v1/console/session",
                                        "{\"token\":\"" + admin.secret + "\"}");
  BOOST_TEST(disabled.status == 401);
  BOOST_TEST(!disabled.Header("Set-Cookie"));
  ClientResponse failed =
      op.Call("GET", "/v1/audit?type=ConsoleSignInFailed&limit=100");
  const boost::json::value json = failed.Json();
  const auto& items = json.at("items").as_array();
  BOOST_TEST_REQUIRE(items.size() == 2u);
  BOOST_TEST(items[0].at("data").at("reason").as_string() == "MALFORMED");
  BOOST_TEST(items[1].at("data").at("reason").as_string() == "DISABLED");
  BOOST_TEST(items[1].at("data").at("token_account_id").as_string() == "acme");
  BOOST_TEST(failed.body.find(admin.secret) == std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(ATokenBoundToCidrsSignsInFromThemOnly, TestServer) {
  Api op{Client(), operator_secret()};
  op.CreateAccount("acme");
  std::string here = op.CreateGroup("acme", "Here", "api", {"*"});
  std::string away = op.CreateGroup("acme", "Away", "api", {"*"});
  BOOST_REQUIRE(op.Call("PATCH", "/v1/accounts/acme/groups/" + here,
                        R"({"bound_cidrs":["127.0.0.0/8"]})")
                    .status == 200);
  BOOST_REQUIRE(op.Call("PATCH", "/v1/accounts/acme/groups/" + away,
                        R"({"bound_cidrs":["10.0.0.0/8"]})")
                    .status == 200);
  CreatedToken local = op.CreateToken("acme", "local", {here});
  CreatedToken remote = op.CreateToken("acme", "remote", {away});
  HttpClient client = Client();
  SignedIn in = SignIn(client, local.secret);
  BOOST_TEST(
      client.Get("/v1/accounts/acme/tokens", {{"Cookie", in.cookie}}).status ==
      200);
  ClientResponse refused = client.Post("/v1/console/session",
                                       "{\"token\":\"" + remote.secret + "\"}");
  BOOST_TEST(refused.status == 403);  // as a bearer call from there
  BOOST_TEST(refused.body.find("FORBIDDEN_IP") != std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(RegeneratingTheTokenEndsItsSessions, TestServer) {
  Api op{Client(), operator_secret()};
  op.CreateAccount("acme");
  std::string admins = op.CreateGroup("acme", "Admins", "api", {"*"});
  CreatedToken admin = op.CreateToken("acme", "admin", {admins});
  HttpClient client = Client();
  SignedIn in = SignIn(client, admin.secret);
  BOOST_TEST(
      op.Call("POST", "/v1/accounts/acme/tokens/" + admin.id + ":regenerate")
          .status == 200);
  BOOST_TEST(
      client.Get("/v1/accounts/acme/tokens", {{"Cookie", in.cookie}}).status ==
      401);
}

BOOST_FIXTURE_TEST_CASE(IdleSessionsExpire, ShortSessions) {
  Api op{Client(), operator_secret()};
  HttpClient client = Client();
  SignedIn in = SignIn(client, operator_secret());
  BOOST_TEST(in.session.at("operator").as_bool());
  BOOST_TEST(client.Get("/v1/accounts", {{"Cookie", in.cookie}}).status == 200);
  std::this_thread::sleep_for(1500ms);
  BOOST_TEST(client.Get("/v1/accounts", {{"Cookie", in.cookie}}).status == 401);
}

BOOST_FIXTURE_TEST_CASE(SessionsSurviveARestart, TestServer) {
  HttpClient client = Client();
  SignedIn in = SignIn(client, operator_secret());
  Restart();
  HttpClient again = Client();
  BOOST_TEST(again.Get("/v1/accounts", {{"Cookie", in.cookie}}).status == 200);
}

// The limit counts per client address, per server.
BOOST_FIXTURE_TEST_CASE(RefusedSignInsCannotFloodTheLog, TestServer) {
  Api op{Client(), operator_secret()};
  HttpClient client = Client();
  for (int i = 0; i < 15; ++i) {
    BOOST_TEST(
        client.Post("/v1/console/session", R"({"token":"nope"})").status ==
        401);
  }
  ClientResponse failed =
      op.Call("GET", "/v1/audit?type=ConsoleSignInFailed&limit=100");
  const boost::json::value json = failed.Json();
  const size_t logged = json.at("items").as_array().size();
  BOOST_TEST(logged == 10u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail::test
