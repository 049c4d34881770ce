#include "tests/support/api.h"

#include <boost/test/unit_test.hpp>
#include <chrono>

namespace keytrail::test {

namespace json = boost::json;

namespace {

// Fails the test unless `response` has `status`; returns its JSON.
json::object Expect(const ClientResponse& response, int status,
                    std::string_view what) {
  BOOST_TEST_REQUIRE(response.status == status, what << ": HTTP "
                                                     << response.status << " "
                                                     << response.body);
  json::value body = response.Json();
  return body.is_object() ? body.as_object() : json::object();
}

}  // namespace

Micros WallNow() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string Api::AuditTypes(const std::string& account,
                            const std::string& stream) {
  const json::object log =
      Expect(Call("GET", "/v1/audit?account=" + account + "&stream=" + stream),
             200, "audit");
  std::string types;
  for (const json::value& item : log.at("items").as_array()) {
    std::string type(item.at("type").as_string());
    if (type == "TokenUsed") continue;
    types += (types.empty() ? "" : " ") + type;
  }
  return types;
}

std::string JsonStrings(const std::vector<std::string>& items) {
  json::array array;
  for (const std::string& item : items) array.emplace_back(item);
  return json::serialize(array);
}

Api::Api(HttpClient client, std::string secret)
    : client_(std::move(client)), secret_(std::move(secret)) {}

ClientResponse Api::Call(std::string_view method, std::string_view target,
                         std::string body, HeaderList headers) {
  headers.emplace_back("Authorization", "Bearer " + secret_);
  return client_.Send(method, target, std::move(body), headers);
}

void Api::CreateAccount(const std::string& id) {
  Expect(Call("POST", "/v1/accounts",
              R"({"id":")" + id + R"(","name":")" + id + R"("})"),
         201, "create account");
}

void Api::SetPlan(const std::string& account, bool api_access,
                  std::optional<int64_t> max_active_tokens) {
  json::object plan;
  plan["name"] = api_access ? "pro" : "free";
  plan["api_access"] = api_access;
  if (max_active_tokens) {
    plan["max_active_tokens"] = *max_active_tokens;
  } else {
    plan["max_active_tokens"] = nullptr;
  }
  Expect(
      Call("PUT", "/v1/accounts/" + account + "/plan", json::serialize(plan)),
      200, "set plan");
}

void Api::SetSettings(const std::string& account, const std::string& body) {
  Expect(Call("PATCH", "/v1/accounts/" + account + "/settings", body), 200,
         "set settings");
}

std::string Api::CreateGroup(const std::string& account,
                             const std::string& name, const std::string& type,
                             const std::vector<std::string>& permissions) {
  json::object group =
      Expect(Call("POST", "/v1/accounts/" + account + "/groups",
                  R"({"name":")" + name + R"(","type":")" + type +
                      R"(","permissions":)" + JsonStrings(permissions) + "}"),
             201, "create group");
  return std::string(group.at("id").as_string());
}

std::string Api::CreateUser(const std::string& account,
                            const std::string& email,
                            const std::vector<std::string>& groups,
                            const std::vector<std::string>& licenses) {
  json::object user =
      Expect(Call("POST", "/v1/accounts/" + account + "/users",
                  R"({"email":")" + email + R"(","name":"User","groups":)" +
                      JsonStrings(groups) + R"(,"licenses":)" +
                      JsonStrings(licenses) + "}"),
             201, "create user");
  return std::string(user.at("id").as_string());
}

CreatedToken Api::CreateToken(const std::string& account,
                              const std::string& name,
                              const std::vector<std::string>& groups,
                              const std::string& extra_fields) {
  json::object token =
      Expect(Call("POST", "/v1/accounts/" + account + "/tokens",
                  R"({"name":")" + name + R"(","groups":)" +
                      JsonStrings(groups) + extra_fields + "}"),
             201, "create token");
  return {std::string(token.at("id").as_string()),
          std::string(token.at("secret").as_string())};
}

CreatedToken Api::CreatePersonalToken(const std::string& account,
                                      const std::string& user,
                                      const std::string& name) {
  json::object token = Expect(
      Call("POST", "/v1/accounts/" + account + "/users/" + user + "/tokens",
           R"({"name":")" + name + R"("})", {{"Acting-User", user}}),
      201, "create personal token");
  return {std::string(token.at("id").as_string()),
          std::string(token.at("secret").as_string())};
}

json::object Api::Verify(const std::string& secret, const std::string& account,
                         const std::string& permission) {
  json::object body;
  body["token"] = secret;
  if (!account.empty()) body["account"] = account;
  if (!permission.empty()) body["permission"] = permission;
  return Expect(client_.Post("/v1/verify", json::serialize(body)), 200,
                "verify");
}

std::string Api::VerifyCode(const std::string& secret,
                            const std::string& account,
                            const std::string& permission) {
  json::object answer = Verify(secret, account, permission);
  return std::string(answer.at("code").as_string());
}

std::string Api::VerifyCodes(const std::string& secret, int calls) {
  std::string out;
  for (int i = 0; i < calls; ++i) {
    out += (out.empty() ? "" : " ") + VerifyCode(secret);
  }
  return out;
}

}  // namespace keytrail::test
