// Api: the management API as tests speak it — thin helpers over HttpClient
// that send one request each with a given token and return the parsed
// answer, so that scenario tests read as the product's words:
//
//   Api api(server.Client(), server.operator_secret());
//   api.CreateAccount("acme");
//   std::string group = api.CreateGroup("acme", "ERP", "api", {"*"});
//   CreatedToken token = api.CreateToken("acme", "ERP sync", {group});
//   BOOST_TEST(api.VerifyCode(token.secret) == "VALID");
//
// Helpers named Create*/Set* expect success and fail the test otherwise;
// use Call() to look at failures. Not thread-safe (one HttpClient).
#ifndef KEYTRAIL_TESTS_SUPPORT_API_H_
#define KEYTRAIL_TESTS_SUPPORT_API_H_

#include <boost/json.hpp>
#include <string>
#include <vector>

#include "base/time.h"
#include "tests/support/http_client.h"

namespace keytrail::test {

struct CreatedToken {
  std::string id;
  std::string secret;
};

class Api {
 public:
  // Calls are made with `secret` as `Authorization: Bearer`.
  Api(HttpClient client, std::string secret);

  // Another Api on the same connection with another token.
  const std::string& secret() const { return secret_; }
  void set_secret(std::string secret) { secret_ = std::move(secret); }

  // One request with this Api's token (plus `headers`).
  ClientResponse Call(std::string_view method, std::string_view target,
                      std::string body = {}, HeaderList headers = {});

  void CreateAccount(const std::string& id);
  void SetPlan(const std::string& account, bool api_access,
               std::optional<int64_t> max_active_tokens);
  void SetSettings(const std::string& account, const std::string& body);
  std::string CreateGroup(const std::string& account, const std::string& name,
                          const std::string& type,
                          const std::vector<std::string>& permissions);
  std::string CreateUser(const std::string& account, const std::string& email,
                         const std::vector<std::string>& groups,
                         const std::vector<std::string>& licenses);
  CreatedToken CreateToken(const std::string& account, const std::string& name,
                           const std::vector<std::string>& groups,
                           const std::string& extra_fields = "");
  // A personal token of `user`, created as that user (Acting-User).
  CreatedToken CreatePersonalToken(const std::string& account,
                                   const std::string& user,
                                   const std::string& name);

  // POST /v1/verify; returns the whole answer.
  boost::json::object Verify(const std::string& secret,
                             const std::string& account = "",
                             const std::string& permission = "");
  // Verify(...).at("code").
  std::string VerifyCode(const std::string& secret,
                         const std::string& account = "",
                         const std::string& permission = "");
  // The codes of `calls` verifications of `secret` in a row, space-separated:
  // "VALID VALID RATE_LIMITED".
  std::string VerifyCodes(const std::string& secret, int calls);

  // The types of the events of `stream` in `account`'s audit log, oldest
  // first, usage (TokenUsed) left out: "TokenCreated TokenExpiryExtended".
  std::string AuditTypes(const std::string& account, const std::string& stream);

  HttpClient& client() { return client_; }

 private:
  HttpClient client_;
  std::string secret_;
};

// `["a","b"]`
std::string JsonStrings(const std::vector<std::string>& items);

// The system clock now, in microseconds since the epoch.
Micros WallNow();

}  // namespace keytrail::test

#endif  // KEYTRAIL_TESTS_SUPPORT_API_H_
