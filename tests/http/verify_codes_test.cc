// POST /v1/verify and GET /v1/auth over HTTP against a real server: every
// answer code of docs/api.md §4, and that each command that ends a token's
// validity shows at the very next verification.
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <string>
#include <thread>

#include "base/os_random.h"
#include "base/time.h"
#include "domain/secret.h"
#include "tests/http/verify_fixture.h"

namespace keytrail::test {
namespace {

namespace json = boost::json;

BOOST_AUTO_TEST_SUITE(VerifyCodes)

BOOST_FIXTURE_TEST_CASE(ValidAnswersTokenAccountKindAndPermissions,
                        VerifyServer) {
  CreatedToken token =
      AccountWithToken("acme", {"orders:read", "contacts:read"});
  json::value answer = Verify(
      verifier(), {{"token", token.secret}, {"permission", "orders:read"}});
  BOOST_TEST(json::serialize(answer) ==
             json::serialize(
                 json::value{{"valid", true},
                             {"code", "VALID"},
                             {"token_id", token.id},
                             {"account", "acme"},
                             {"kind", "group"},
                             {"user", nullptr},
                             {"permissions", {"contacts:read", "orders:read"}},
                             {"expires_at", nullptr},
                             {"meta", nullptr}}));
}

BOOST_FIXTURE_TEST_CASE(TokenComesFromBodyApiKeyOrBearer, VerifyServer) {
  CreatedToken token = AccountWithToken("acme", {"orders:read"});
  auto code = [&](const json::object& body, const HeaderList& headers) {
    return std::string(
        Verify(verifier(), body, headers).at("code").as_string());
  };
  BOOST_TEST(code({{"token", token.secret}}, {}) == "VALID");
  BOOST_TEST(code({}, {{"x-api-key", token.secret}}) == "VALID");
  BOOST_TEST(code({}, Bearer(token.secret)) == "VALID");
  ClientResponse empty =
      verifier().Post("/v1/verify", "", {{"x-api-key", token.secret}});
  BOOST_TEST(empty.Json().at("code") == "VALID");
}

BOOST_FIXTURE_TEST_CASE(EveryFailureCode, VerifyServer) {
  CreatedToken token = AccountWithToken("acme", {"orders:read"});
  CreateAccount("other");
  std::string group = CreateGroup("acme", {"orders:read"});
  const std::string base = Path("acme", "/tokens/");

  BOOST_TEST(VerifyCode("kt_nope") == "MALFORMED");
  BOOST_TEST(std::string(Verify(verifier(), {}).at("code").as_string()) ==
             "MALFORMED");
  std::string typo = token.secret;
  typo[10] = typo[10] == 'a' ? 'b' : 'a';
  BOOST_TEST(VerifyCode(typo) == "MALFORMED");  // the checksum catches it
  OsRandom random;
  BOOST_TEST(VerifyCode(GenerateSecret(random)) == "NOT_FOUND");

  BOOST_TEST(VerifyCode(token.secret, "", "orders:write") == "FORBIDDEN");
  BOOST_TEST(VerifyCode(token.secret, "other") == "FORBIDDEN");
  BOOST_TEST(VerifyCode(token.secret, "no-such-account") == "FORBIDDEN");

  CreatedToken disabled = CreateToken("acme", {group});
  Op("POST", base + disabled.id + ":disable", nullptr, 200);
  BOOST_TEST(VerifyCode(disabled.secret) == "DISABLED");
  Op("POST", base + disabled.id + ":enable", nullptr, 200);
  BOOST_TEST(VerifyCode(disabled.secret) == "VALID");

  CreatedToken revoked = CreateToken("acme", {group});
  Op("DELETE", base + revoked.id, nullptr, 204);
  BOOST_TEST(VerifyCode(revoked.secret) == "REVOKED");

  Op("PUT", "/v1/accounts/acme/plan",
     {{"name", "free"}, {"api_access", false}, {"max_active_tokens", nullptr}},
     200);
  BOOST_TEST(VerifyCode(token.secret) == "PLAN_DISABLED");
  Op("PUT", "/v1/accounts/acme/plan",
     {{"name", "pro"}, {"api_access", true}, {"max_active_tokens", nullptr}},
     200);
  BOOST_TEST(VerifyCode(token.secret) == "VALID");
}

// The code `secret` gets from the cluster's other node (this server on
// RocksDB) once that node answers `expected`, or after 10 s what it last
// answered: the other node honours a command once it has tailed it.
std::string PeerCode(VerifyServer& server, const std::string& secret,
                     const std::string& expected) {
  HttpClient peer = server.PeerClient();
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::seconds(10);
  std::string code;
  do {
    code = Str(VerifyServer::Verify(peer, {{"token", secret}}).at("code"));
    if (code == expected) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  } while (std::chrono::steady_clock::now() < deadline);
  return code;
}

// On http_on_cluster the commands go through this node and the
// verifications to the second node, which has only the log to go by.
BOOST_FIXTURE_TEST_CASE(TheOtherNodeAnswersTheSameCodes, VerifyServer) {
  CreatedToken token = AccountWithToken("acme", {"orders:read"});
  std::string group = CreateGroup("acme", {"orders:read"});
  const std::string base = Path("acme", "/tokens/");
  BOOST_TEST(PeerCode(*this, token.secret, "VALID") == "VALID");
  CreatedToken other = CreateToken("acme", {group});
  Op("POST", base + other.id + ":disable", nullptr, 200);
  BOOST_TEST(PeerCode(*this, other.secret, "DISABLED") == "DISABLED");
  Op("POST", base + other.id + ":enable", nullptr, 200);
  BOOST_TEST(PeerCode(*this, other.secret, "VALID") == "VALID");
  Op("DELETE", base + other.id, nullptr, 204);
  BOOST_TEST(PeerCode(*this, other.secret, "REVOKED") == "REVOKED");
  Op("PUT", "/v1/accounts/acme/plan",
     {{"name", "free"}, {"api_access", false}, {"max_active_tokens", nullptr}},
     200);
  BOOST_TEST(PeerCode(*this, token.secret, "PLAN_DISABLED") == "PLAN_DISABLED");
  // Its verifications are its own usage, in the one log: this node's
  // timeline of the token shows them once the other node has flushed.
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::seconds(15);
  std::string timeline;
  do {
    timeline = json::serialize(Op("GET", base + token.id + "/timeline"));
    if (timeline.find("\"TokenUsed\"") != std::string::npos) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  } while (std::chrono::steady_clock::now() < deadline);
  BOOST_TEST(timeline.find("\"TokenUsed\"") != std::string::npos, timeline);
}

BOOST_FIXTURE_TEST_CASE(ExpiredAfterExpiresAt, VerifyServer) {
  CreateAccount("acme");
  std::string group = CreateGroup("acme", {"orders:read"});
  const Micros soon = std::chrono::duration_cast<std::chrono::microseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count() +
                      1'500'000;
  CreatedToken token =
      CreateToken("acme", {group}, json::value(FormatRfc3339(soon)));
  BOOST_TEST(VerifyCode(token.secret) == "VALID");
  std::this_thread::sleep_for(std::chrono::milliseconds(1700));
  BOOST_TEST(VerifyCode(token.secret) == "EXPIRED");
}

BOOST_FIXTURE_TEST_CASE(PersonalTokenOfInactiveUser, VerifyServer) {
  CreateAccount("acme");
  std::string group = CreateGroup("acme", {"contacts:read"}, "user");
  json::value user = Op("POST", Path("acme", "/users"),
                        {{"email", "ana@acme.test"},
                         {"name", "Ana"},
                         {"groups", {group}},
                         {"licenses", {"api_per_user"}}},
                        201);
  std::string user_id(user.at("id").as_string());
  json::value token = Op("POST", Path("acme", "/users/" + user_id + "/tokens"),
                         {{"name", "mine"}}, 201, {{"Acting-User", user_id}});
  std::string secret(token.at("secret").as_string());
  json::value valid = Verify(verifier(), {{"token", secret}});
  BOOST_TEST(valid.at("code") == "VALID");
  BOOST_TEST(valid.at("kind") == "personal");
  BOOST_TEST(Str(valid.at("user")) == user_id);
  BOOST_TEST(json::serialize(valid.at("permissions")) == "[\"contacts:read\"]");

  Op("POST", Path("acme", "/users/" + user_id + ":deactivate"), nullptr, 200);
  BOOST_TEST(VerifyCode(secret) == "USER_INACTIVE");
  Op("POST", Path("acme", "/users/" + user_id + ":activate"), nullptr, 200);
  BOOST_TEST(VerifyCode(secret) == "VALID");
}

BOOST_FIXTURE_TEST_CASE(GrantLetsATokenActInAnotherAccount, VerifyServer) {
  CreatedToken token = AccountWithToken("vendor", {"orders:read"});
  CreateAccount("shop");
  std::string shop_group = CreateGroup("shop", {"catalog:read"});
  BOOST_TEST(VerifyCode(token.secret, "shop") == "FORBIDDEN");
  Op("POST", Path("shop", "/grants"),
     {{"token", token.id}, {"groups", {shop_group}}}, 201);
  json::value granted =
      Verify(verifier(), {{"token", token.secret}, {"account", "shop"}});
  BOOST_TEST(granted.at("code") == "VALID");
  BOOST_TEST(granted.at("account") == "shop");
  BOOST_TEST(json::serialize(granted.at("permissions")) ==
             "[\"catalog:read\"]");
  Op("PATCH", Path("shop", "/groups/" + shop_group),
     {{"permissions", {"catalog:write"}}}, 200);
  BOOST_TEST(VerifyCode(token.secret, "shop", "catalog:read") == "FORBIDDEN");
}

BOOST_FIXTURE_TEST_CASE(MalformedBodyIsAProblem, VerifyServer) {
  ClientResponse response = verifier().Post("/v1/verify", "{\"token\": ");
  BOOST_TEST(response.status == 400);
  BOOST_TEST(std::string(*response.Header("Content-Type")) ==
             "application/problem+json");
  BOOST_TEST(verifier().Post("/v1/verify", "{\"token\": 5}").status == 400);
}

BOOST_FIXTURE_TEST_CASE(AuthAnswers204WithHeaders401And403, VerifyServer) {
  CreatedToken token = AccountWithToken("acme", {"orders:read"});
  ClientResponse ok = verifier().Get(
      "/v1/auth",
      {{"x-api-key", token.secret}, {"X-Required-Permission", "orders:read"}});
  BOOST_TEST(ok.status == 204);
  BOOST_TEST(std::string(*ok.Header("X-Token-Id")) == token.id);
  BOOST_TEST(std::string(*ok.Header("X-Account")) == "acme");
  BOOST_TEST(std::string(ok.Header("X-User").value_or("")) == "");
  ClientResponse forbidden =
      verifier().Get("/v1/auth", {{"Authorization", "Bearer " + token.secret},
                                  {"X-Required-Permission", "orders:write"}});
  BOOST_TEST(forbidden.status == 403);
  BOOST_TEST(verifier()
                 .Get("/v1/auth",
                      {{"x-api-key", token.secret}, {"X-Account", "elsewhere"}})
                 .status == 403);
  BOOST_TEST(verifier().Get("/v1/auth").status == 401);
  BOOST_TEST(verifier().Get("/v1/auth", {{"x-api-key", "kt_bad"}}).status ==
             401);
  Op("DELETE", Path("acme", "/tokens/" + token.id), nullptr, 204);
  ClientResponse revoked =
      verifier().Get("/v1/auth", {{"x-api-key", token.secret}});
  BOOST_TEST(revoked.status == 401);
  BOOST_TEST(std::string(revoked.Header("X-Verify-Code").value_or("")) ==
             "REVOKED");
}

BOOST_FIXTURE_TEST_CASE(RevocationShowsOnTheNextCallFromAnotherConnection,
                        VerifyServer) {
  CreatedToken token = AccountWithToken("acme", {"orders:read"});
  HttpClient other = Client();
  BOOST_TEST(Verify(other, {{"token", token.secret}}).at("code") == "VALID");
  Op("DELETE", Path("acme", "/tokens/" + token.id), nullptr, 204);
  BOOST_TEST(Verify(other, {{"token", token.secret}}).at("code") == "REVOKED");
}

BOOST_FIXTURE_TEST_CASE(RegenerateWithGraceKeepsTheOldSecretUntilTheDeadline,
                        VerifyServer) {
  CreatedToken token = AccountWithToken("acme", {"orders:read"});
  json::value fresh =
      Op("POST", Path("acme", "/tokens/" + token.id + ":regenerate"),
         {{"grace_seconds", 2}}, 200);
  std::string new_secret(fresh.at("secret").as_string());
  BOOST_TEST(VerifyCode(token.secret) == "VALID");
  BOOST_TEST(VerifyCode(new_secret) == "VALID");
  std::this_thread::sleep_for(std::chrono::milliseconds(2200));
  BOOST_TEST(VerifyCode(token.secret) == "REVOKED");
  BOOST_TEST(VerifyCode(new_secret) == "VALID");
}

BOOST_FIXTURE_TEST_CASE(RegenerateWithoutGraceRevokesTheOldSecretAtOnce,
                        VerifyServer) {
  CreatedToken token = AccountWithToken("acme", {"orders:read"});
  json::value fresh =
      Op("POST", Path("acme", "/tokens/" + token.id + ":regenerate"),
         json::object{}, 200);
  BOOST_TEST(VerifyCode(token.secret) == "REVOKED");
  BOOST_TEST(VerifyCode(std::string(fresh.at("secret").as_string())) ==
             "VALID");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail::test
