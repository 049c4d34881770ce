// VerifyServer: the real-server fixture (tests/support/test_server.h) with
// the helpers the verification, usage and timeline tests share: the
// operator's calls, creating accounts, groups, users and tokens, and
// POST /v1/verify.
#ifndef KEYTRAIL_TESTS_HTTP_VERIFY_FIXTURE_H_
#define KEYTRAIL_TESTS_HTTP_VERIFY_FIXTURE_H_

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <functional>
#include <string>
#include <thread>

#include "tests/support/test_server.h"

namespace keytrail::test {

// The text of a JSON string, or the serialized JSON of anything else.
inline std::string Str(const boost::json::value& value) {
  return value.is_string() ? std::string(value.as_string())
                           : boost::json::serialize(value);
}

struct CreatedToken {
  std::string id;
  std::string secret;
};

class VerifyServer : public TestServer {
 public:
  VerifyServer() : VerifyServer(std::vector<std::string>{}) {}
  // A server that believes X-Forwarded-For from `trusted_proxies`.
  explicit VerifyServer(std::vector<std::string> trusted_proxies)
      : TestServer(DefaultOptions(), WithProxies(std::move(trusted_proxies))) {}

  static http::ServiceOptions WithProxies(std::vector<std::string> proxies) {
    http::ServiceOptions service;
    service.trusted_proxies = std::move(proxies);
    return service;
  }

  HeaderList Bearer(const std::string& secret) const {
    return {{"Authorization", "Bearer " + secret}};
  }

  // A call as the operator; fails the test unless it answers `expected`.
  boost::json::value Op(std::string_view method, const std::string& target,
                        const boost::json::value& body = nullptr,
                        int expected = 0, HeaderList extra = {}) {
    HeaderList headers = Bearer(operator_secret());
    headers.insert(headers.end(), extra.begin(), extra.end());
    std::string text = body.is_null() ? "" : boost::json::serialize(body);
    ClientResponse response = admin_.Send(method, target, text, headers);
    if (expected != 0) {
      BOOST_REQUIRE_MESSAGE(response.status == expected,
                            std::string(method) + " " + target + " answered " +
                                std::to_string(response.status) + ": " +
                                response.body);
    }
    return response.Json();
  }

  void CreateAccount(const std::string& id) {
    Op("POST", "/v1/accounts", {{"id", id}, {"name", id}}, 201);
  }

  std::string CreateGroup(const std::string& account,
                          const std::vector<std::string>& permissions,
                          const std::string& type = "api") {
    boost::json::array perms;
    for (const auto& p : permissions) perms.emplace_back(p);
    return std::string(Op("POST", Path(account, "/groups"),
                          {{"name", "g" + std::to_string(++serial_)},
                           {"type", type},
                           {"permissions", perms}},
                          201)
                           .at("id")
                           .as_string());
  }

  CreatedToken CreateToken(const std::string& account,
                           const std::vector<std::string>& groups,
                           boost::json::value expires_at = nullptr) {
    boost::json::array ids;
    for (const auto& g : groups) ids.emplace_back(g);
    boost::json::value token = Op("POST", Path(account, "/tokens"),
                                  {{"name", "t" + std::to_string(++serial_)},
                                   {"groups", ids},
                                   {"expires_at", expires_at}},
                                  201);
    return {std::string(token.at("id").as_string()),
            std::string(token.at("secret").as_string())};
  }

  // An account "acme" with a group granting `permissions` and one token.
  CreatedToken AccountWithToken(const std::string& account,
                                const std::vector<std::string>& permissions) {
    CreateAccount(account);
    return CreateToken(account, {CreateGroup(account, permissions)});
  }

  // POST /v1/verify with `body` on `client`.
  static boost::json::value Verify(HttpClient& client,
                                   const boost::json::object& body,
                                   const HeaderList& headers = {}) {
    ClientResponse response =
        client.Post("/v1/verify", boost::json::serialize(body), headers);
    BOOST_REQUIRE_MESSAGE(response.status == 200,
                          "verify answered " + std::to_string(response.status) +
                              ": " + response.body);
    return response.Json();
  }
  std::string VerifyCode(const std::string& secret,
                         const std::string& account = "",
                         const std::string& permission = "") {
    boost::json::object body{{"token", secret}};
    if (!account.empty()) body["account"] = account;
    if (!permission.empty()) body["permission"] = permission;
    return std::string(Verify(verifier_, body).at("code").as_string());
  }

  static std::string Path(const std::string& account, const std::string& rest) {
    return "/v1/accounts/" + account + rest;
  }

  // Polls `done` every 50 ms for up to `timeout`; returns its last answer.
  static bool Eventually(
      const std::function<bool()>& done,
      std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!done()) {
      if (std::chrono::steady_clock::now() > deadline) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return true;
  }

  HttpClient& admin() { return admin_; }
  HttpClient& verifier() { return verifier_; }

 private:
  HttpClient admin_ = Client();
  HttpClient verifier_ = Client();
  int serial_ = 0;
};

}  // namespace keytrail::test

#endif  // KEYTRAIL_TESTS_HTTP_VERIFY_FIXTURE_H_
