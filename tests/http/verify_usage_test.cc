// Last-use recording over HTTP: live figures at once, exact counts in the
// log after a flush, per client IP (X-Forwarded-For only from trusted
// proxies), kept across a restart; and verification racing revocations.
#include <atomic>
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "tests/http/verify_fixture.h"

namespace keytrail::test {
namespace {

namespace json = boost::json;

struct BehindProxy : VerifyServer {
  BehindProxy() : VerifyServer({"127.0.0.1"}) {}
};

// The per-IP counts of GET .../usage?by=ip, rendered "ip=count ...".
std::string CountsByIp(VerifyServer& server, const std::string& account,
                       const std::string& token_id) {
  json::value usage = server.Op(
      "GET",
      VerifyServer::Path(account, "/tokens/" + token_id + "/usage?by=ip"),
      nullptr, 200);
  std::string out;
  for (const json::value& item : usage.at("items").as_array()) {
    if (!out.empty()) out += " ";
    out += std::string(item.at("ip").as_string()) + "=" +
           std::to_string(item.at("count").as_int64());
  }
  return out;
}

BOOST_AUTO_TEST_SUITE(VerifyUsage)

BOOST_FIXTURE_TEST_CASE(CountsPerClientIpMatchExactlyAfterAFlush, BehindProxy) {
  CreatedToken token = AccountWithToken("acme", {"orders:read"});
  HttpClient a = Client();
  HttpClient b = Client();
  for (int i = 0; i < 1000; ++i) {
    bool from_a = i % 5 < 3;  // 600 from A, 400 from B
    HttpClient& client = from_a ? a : b;
    json::value answer =
        Verify(client, {{"token", token.secret}},
               {{"X-Forwarded-For",
                 from_a ? "198.51.100.7" : "203.0.113.9, 10.0.0.1"}});
    BOOST_REQUIRE(answer.at("valid") == true);
  }
  // Live at once, without waiting for a flush.
  json::value live =
      Op("GET", Path("acme", "/tokens/" + token.id), nullptr, 200);
  BOOST_TEST(live.at("use_count") == 1000);
  const std::string expected = "198.51.100.7=600 203.0.113.9=400";
  BOOST_TEST(Eventually(
      [&] { return CountsByIp(*this, "acme", token.id) == expected; }));
  BOOST_TEST(CountsByIp(*this, "acme", token.id) == expected);
  json::value after =
      Op("GET", Path("acme", "/tokens/" + token.id), nullptr, 200);
  BOOST_TEST(after.at("use_count") == 1000);
  BOOST_TEST(after.at("last_used_ip") == "203.0.113.9");
}

BOOST_FIXTURE_TEST_CASE(ForwardedForIsIgnoredFromAnUntrustedPeer,
                        VerifyServer) {
  CreatedToken token = AccountWithToken("acme", {"orders:read"});
  Verify(verifier(), {{"token", token.secret}},
         {{"X-Forwarded-For", "203.0.113.9"}});
  json::value live =
      Op("GET", Path("acme", "/tokens/" + token.id), nullptr, 200);
  BOOST_TEST(live.at("last_used_ip") == "127.0.0.1");
  BOOST_TEST(Eventually(
      [&] { return CountsByIp(*this, "acme", token.id) == "127.0.0.1=1"; }));
}

BOOST_FIXTURE_TEST_CASE(RestartKeepsTheLastUse, VerifyServer) {
  CreatedToken token = AccountWithToken("acme", {"orders:read"});
  for (int i = 0; i < 5; ++i) Verify(verifier(), {{"token", token.secret}});
  json::value before =
      Op("GET", Path("acme", "/tokens/" + token.id), nullptr, 200);
  Restart();  // a graceful stop flushes what was not yet in the log
  json::value after =
      Op("GET", Path("acme", "/tokens/" + token.id), nullptr, 200);
  BOOST_TEST(after.at("use_count") == 5);
  BOOST_TEST(after.at("last_used_at") == before.at("last_used_at"));
  BOOST_TEST(after.at("last_used_ip") == "127.0.0.1");
  Verify(verifier(), {{"token", token.secret}});
  BOOST_TEST(Op("GET", Path("acme", "/tokens/" + token.id), nullptr, 200)
                 .at("use_count") == 6);
}

// 64 connections verify a set of tokens while the main thread revokes them
// one by one; no answer may be VALID for a request sent after the revoke's
// response was received.
BOOST_FIXTURE_TEST_CASE(NeverValidAfterTheRevokeResponse, VerifyServer) {
  CreateAccount("acme");
  std::string group = CreateGroup("acme", {"orders:read"});
  constexpr int kTokens = 16;
  std::vector<CreatedToken> tokens;
  for (int i = 0; i < kTokens; ++i)
    tokens.push_back(CreateToken("acme", {group}));
  std::vector<std::atomic<bool>> revoked(kTokens);
  std::atomic<bool> done{false};
  std::atomic<int> violations{0}, answers{0}, errors{0};
  std::vector<std::thread> threads;
  // Stops and joins the clients however the test ends (a failed REQUIRE
  // throws past the threads, and a joinable std::thread would terminate).
  struct StopClients {
    std::atomic<bool>& done;
    std::vector<std::thread>& threads;
    ~StopClients() {
      done.store(true);
      for (std::thread& thread : threads) {
        if (thread.joinable()) thread.join();
      }
    }
  } stop_clients{done, threads};
  // On a cluster (http_on_cluster) PostgreSQL and the second node share the
  // machine's two cores with the clients. Busy clients starve PostgreSQL's
  // backends: with 16, connecting took over 3 s and a revoke (which reads
  // and writes the database) now and then outlasted the client's 10 s
  // timeout (CI of 2026-12-07), which is not what this test checks. Four
  // still race every revoke with thousands of verifications.
  const int clients = TestStoreIsPostgres() ? 4 : 64;
  for (int t = 0; t < clients; ++t) {
    threads.emplace_back([&, t] {
      HttpClient client = Client();
      for (int i = t; !done.load(); ++i) {
        int k = i % kTokens;
        bool revoked_before = revoked[k].load();
        ClientResponse response = client.Post(
            "/v1/verify",
            json::serialize(json::object{{"token", tokens[k].secret}}));
        if (response.status != 200) {
          errors.fetch_add(1);
          continue;
        }
        answers.fetch_add(1);
        if (revoked_before && response.Json().at("valid") == true) {
          violations.fetch_add(1);
        }
      }
    });
  }
  for (int k = 0; k < kTokens; ++k) {
    std::this_thread::sleep_for(std::chrono::milliseconds(40));
    Op("DELETE", Path("acme", "/tokens/" + tokens[k].id), nullptr, 204);
    revoked[k].store(true);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  done.store(true);
  for (std::thread& thread : threads) thread.join();
  BOOST_TEST(violations.load() == 0);
  BOOST_TEST(errors.load() == 0);
  BOOST_TEST(answers.load() > 1000);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail::test
