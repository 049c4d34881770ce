// End-to-end scenarios of the four source documents, over real HTTP
// against a real server and RocksDB directory (issue 6).
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <thread>

#include "base/time.h"
#include "tests/support/api.h"
#include "tests/support/test_server.h"

namespace keytrail::test {
namespace {

namespace json = boost::json;

struct Scenario : TestServer {
  Api api{Client(), operator_secret()};

  std::string Text(const ClientResponse& response, std::string_view field) {
    return std::string(response.Json().at(field).as_string());
  }
  json::object Token(const std::string& account, const std::string& id) {
    ClientResponse response =
        api.Call("GET", "/v1/accounts/" + account + "/tokens/" + id);
    BOOST_TEST_REQUIRE(response.status == 200, response.body);
    return response.Json().as_object();
  }
};

BOOST_AUTO_TEST_SUITE(SeedScenarios)

// Pingback: one API key per account, only on paid plans; a downgrade to
// Free disables the key, an upgrade brings it back.
BOOST_FIXTURE_TEST_CASE(PingbackOneKeyAndPaidPlansOnly, Scenario) {
  api.CreateAccount("pingback");
  api.SetPlan("pingback", true, 1);
  std::string group = api.CreateGroup("pingback", "API", "api", {"*"});
  CreatedToken key = api.CreateToken("pingback", "Integração CRM", {group});

  ClientResponse second =
      api.Call("POST", "/v1/accounts/pingback/tokens",
               R"({"name":"App Mobile","groups":[")" + group + R"("]})");
  BOOST_TEST(second.status == 409);
  BOOST_TEST(Text(second, "code") == "TOKEN_LIMIT");
  BOOST_TEST(second.Header("Content-Type").value_or("") ==
             "application/problem+json");

  api.SetPlan("pingback", false, 1);  // downgrade to Free
  BOOST_TEST(api.VerifyCode(key.secret) == "PLAN_DISABLED");
  json::object listed = Token("pingback", key.id);
  BOOST_TEST(listed.at("status").as_string() == "disabled");
  BOOST_TEST(listed.at("disabled_reason").as_string() == "plan");
  ClientResponse on_free =
      api.Call("POST", "/v1/accounts/pingback/tokens",
               R"({"name":"Other","groups":[")" + group + R"("]})");
  BOOST_TEST(on_free.status == 403);
  BOOST_TEST(Text(on_free, "code") == "PLAN_DISABLED");

  api.SetPlan("pingback", true, 1);  // upgrade again
  BOOST_TEST(api.VerifyCode(key.secret) == "VALID");
  BOOST_TEST(Token("pingback", key.id).at("status").as_string() == "active");
}

// Pingback "Desativar": a manually disabled key stays disabled across a
// downgrade and an upgrade (the upgrade re-enables exactly the keys the
// plan disabled).
BOOST_FIXTURE_TEST_CASE(PingbackUpgradeReenablesOnlyPlanDisabledKeys,
                        Scenario) {
  api.CreateAccount("pb2");
  std::string group = api.CreateGroup("pb2", "API", "api", {"*"});
  CreatedToken kept = api.CreateToken("pb2", "kept", {group});
  CreatedToken paused = api.CreateToken("pb2", "paused", {group});
  BOOST_TEST(
      api.Call("POST", "/v1/accounts/pb2/tokens/" + paused.id + ":disable")
          .status == 200);
  api.SetPlan("pb2", false, std::nullopt);
  api.SetPlan("pb2", true, std::nullopt);
  BOOST_TEST(api.VerifyCode(kept.secret) == "VALID");
  BOOST_TEST(api.VerifyCode(paused.secret) == "DISABLED");
  BOOST_TEST(Token("pb2", paused.id).at("disabled_reason").as_string() ==
             "manual");
}

// Tiflux: personal tokens need the "API por usuário" license, are made only
// by their own user, and stop while the user is inactive.
BOOST_FIXTURE_TEST_CASE(TifluxPersonalTokensFollowLicenseOwnerAndUser,
                        Scenario) {
  api.CreateAccount("tiflux");
  std::string admins = api.CreateGroup(
      "tiflux", "Admins", "api", {"users:edit", "users:act_as", "tokens:view"});
  CreatedToken admin = api.CreateToken("tiflux", "admin", {admins});
  std::string profile =
      api.CreateGroup("tiflux", "Técnicos", "user", {"tickets:read"});
  std::string ana =
      api.CreateUser("tiflux", "ana@tiflux.test", {profile}, {"api_per_user"});
  std::string bia = api.CreateUser("tiflux", "bia@tiflux.test", {profile}, {});

  Api as_admin(Client(), admin.secret);
  ClientResponse unlicensed =
      as_admin.Call("POST", "/v1/accounts/tiflux/users/" + bia + "/tokens",
                    R"({"name":"x"})", {{"Acting-User", bia}});
  BOOST_TEST(unlicensed.status == 403);
  BOOST_TEST(Text(unlicensed, "code") == "LICENSE_REQUIRED");

  ClientResponse for_other =
      as_admin.Call("POST", "/v1/accounts/tiflux/users/" + ana + "/tokens",
                    R"({"name":"x"})", {{"Acting-User", bia}});
  BOOST_TEST(for_other.status == 403);
  BOOST_TEST(Text(for_other, "code") == "FORBIDDEN");

  CreatedToken session =
      as_admin.CreatePersonalToken("tiflux", ana, "Integração ERP");
  json::object valid = api.Verify(session.secret, "", "tickets:read");
  BOOST_TEST(valid.at("code").as_string() == "VALID");
  BOOST_TEST(valid.at("user").as_string() == ana);

  ClientResponse sessions =
      as_admin.Call("GET", "/v1/accounts/tiflux/users/" + ana + "/sessions");
  BOOST_TEST(sessions.status == 200);
  BOOST_TEST(sessions.Json().at("items").as_array().size() == 1u);

  BOOST_TEST(
      as_admin.Call("POST", "/v1/accounts/tiflux/users/" + ana + ":deactivate")
          .status == 200);
  BOOST_TEST(api.VerifyCode(session.secret) == "USER_INACTIVE");
  BOOST_TEST(
      as_admin.Call("POST", "/v1/accounts/tiflux/users/" + ana + ":activate")
          .status == 200);
  BOOST_TEST(api.VerifyCode(session.secret) == "VALID");
}

// Apresenta.me: search by text and by update date; "Gerar novamente" kills
// the old value at once; group tokens need a group of type API.
BOOST_FIXTURE_TEST_CASE(ApresentaMeSearchAndRegenerate, Scenario) {
  api.CreateAccount("apresenta");
  std::string group = api.CreateGroup("apresenta", "Portal", "api", {"*"});
  std::string people = api.CreateGroup("apresenta", "Equipe", "user", {"*"});
  CreatedToken portal =
      api.CreateToken("apresenta", "Integração Portal X", {group},
                      R"(,"description":"Envia imóveis ao PORTAL")");
  api.CreateToken("apresenta", "Script de Importação", {group});

  ClientResponse wrong_type =
      api.Call("POST", "/v1/accounts/apresenta/tokens",
               R"({"name":"x","groups":[")" + people + R"("]})");
  BOOST_TEST(wrong_type.status == 400);
  BOOST_TEST(Text(wrong_type, "code") == "INVALID");

  ClientResponse by_text =
      api.Call("GET", "/v1/accounts/apresenta/tokens?q=portal");
  BOOST_TEST(by_text.status == 200);
  json::array items = by_text.Json().at("items").as_array();
  BOOST_TEST_REQUIRE(items.size() == 1u);
  BOOST_TEST(items[0].at("id").as_string() == portal.id);

  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  const std::string cutoff =
      FormatRfc3339(std::chrono::duration_cast<std::chrono::microseconds>(
                        std::chrono::system_clock::now().time_since_epoch())
                        .count());
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  ClientResponse renamed =
      api.Call("PATCH", "/v1/accounts/apresenta/tokens/" + portal.id,
               R"({"name":"Portal X v2"})");
  BOOST_TEST(renamed.status == 200);
  ClientResponse since =
      api.Call("GET", "/v1/accounts/apresenta/tokens?updated_since=" + cutoff);
  json::array updated = since.Json().at("items").as_array();
  BOOST_TEST_REQUIRE(updated.size() == 1u);
  BOOST_TEST(updated[0].at("name").as_string() == "Portal X v2");

  ClientResponse regenerated = api.Call(
      "POST", "/v1/accounts/apresenta/tokens/" + portal.id + ":regenerate",
      "{}");
  BOOST_TEST_REQUIRE(regenerated.status == 200, regenerated.body);
  std::string fresh = Text(regenerated, "secret");
  BOOST_TEST(fresh != portal.secret);
  BOOST_TEST(api.VerifyCode(portal.secret) == "REVOKED");
  BOOST_TEST(api.VerifyCode(fresh) == "VALID");
}

// VTEX: View API Keys, Edit API Keys and Renew API Token are separate
// rights; the default duration applies to new keys; third-party keys.
BOOST_FIXTURE_TEST_CASE(VtexPermissionsDefaultTtlAndThirdPartyKeys, Scenario) {
  api.CreateAccount("vtex");
  std::string viewers = api.CreateGroup("vtex", "View", "api", {"tokens:view"});
  std::string renewers =
      api.CreateGroup("vtex", "Renew", "api", {"tokens:view", "tokens:renew"});
  std::string full = api.CreateGroup("vtex", "Full", "api", {"*"});
  CreatedToken viewer = api.CreateToken("vtex", "viewer", {viewers});
  CreatedToken renewer = api.CreateToken("vtex", "renewer", {renewers});
  CreatedToken target = api.CreateToken("vtex", "target", {full});

  Api as_viewer(Client(), viewer.secret);
  BOOST_TEST(as_viewer.Call("GET", "/v1/accounts/vtex/tokens").status == 200);
  ClientResponse edit =
      as_viewer.Call("PATCH", "/v1/accounts/vtex/tokens/" + target.id,
                     R"({"name":"renamed"})");
  BOOST_TEST(edit.status == 403);
  BOOST_TEST(Text(edit, "code") == "FORBIDDEN");

  Api as_renewer(Client(), renewer.secret);
  BOOST_TEST(as_renewer
                 .Call("POST",
                       "/v1/accounts/vtex/tokens/" + target.id + ":regenerate",
                       "{}")
                 .status == 200);
  BOOST_TEST(
      as_renewer
          .Call("POST", "/v1/accounts/vtex/tokens/" + target.id + ":disable")
          .status == 403);

  api.SetSettings("vtex", R"({"default_token_ttl_days": 90})");
  CreatedToken lasting = api.CreateToken("vtex", "lasting", {full});
  json::object token = Token("vtex", lasting.id);
  std::optional<Micros> expires =
      ParseRfc3339(token.at("expires_at").as_string());
  BOOST_TEST_REQUIRE(expires.has_value());
  Micros created = *ParseRfc3339(token.at("created_at").as_string());
  BOOST_TEST(*expires - created == 90 * kMicrosPerDay);

  // Account "partner" grants a token of "vtex" its group "Orders".
  api.CreateAccount("partner");
  std::string orders =
      api.CreateGroup("partner", "Orders", "api", {"orders:read"});
  ClientResponse granted = api.Call(
      "POST", "/v1/accounts/partner/grants",
      R"({"token":")" + lasting.id + R"(","groups":[")" + orders + R"("]})");
  BOOST_TEST_REQUIRE(granted.status == 201, granted.body);
  json::object third = api.Verify(lasting.secret, "partner", "orders:read");
  BOOST_TEST(third.at("code").as_string() == "VALID");
  BOOST_TEST(api.VerifyCode(lasting.secret, "partner", "orders:write") ==
             "FORBIDDEN");
  BOOST_TEST(api.VerifyCode(viewer.secret, "partner") == "FORBIDDEN");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail::test
