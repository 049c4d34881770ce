// keytrail as a cluster: two real `keytrail serve` processes
// (KEYTRAIL_BINARY) over one real PostgreSQL started by the test. A command
// taken by one node is seen by the other; a revoke on node A is honoured by
// node B's next verification (latency printed); the operator is created
// once per cluster; kill -9 of a node loses no acknowledged command; a
// PostgreSQL restart answers commands with 503 + Retry-After, verification
// from memory, and then recovers with nothing lost or duplicated; a token
// with N credits verified concurrently on both nodes is accepted exactly N
// times in total (leases taken with the token's expected version).
#include <sys/wait.h>

#include <algorithm>
#include <atomic>
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <cstdio>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "domain/event_codec.h"
#include "domain/event_json.h"
#include "eventstore/store_verifier.h"
#include "routes/keytrail_service.h"
#include "tests/support/api.h"
#include "tests/support/cluster_node.h"
#include "tests/support/keytrail_process.h"
#include "tests/support/postgres_server.h"

namespace keytrail::test {
namespace {

namespace json = boost::json;
using Clock = std::chrono::steady_clock;

double Millis(Clock::duration d) {
  return std::chrono::duration<double, std::milli>(d).count();
}

// verify-store on the cluster's database: "" when it passes.
std::string VerifyStoreProblems(const std::string& url) {
  eventstore::StoreVerifyOptions options;
  options.data_json =
      [](const eventstore::RecordedEvent& event) -> Result<std::string> {
    Result<Event> decoded =
        DecodeEvent(event.type, event.schema_version, event.payload);
    if (!decoded.ok()) return decoded.error();
    return EventData(*decoded).Serialize();
  };
  Result<eventstore::StoreReport> report =
      eventstore::VerifyStore(url, options);
  if (!report.ok()) return "ERROR " + report.error().message;
  std::string text;
  for (const auto& problem : report->problems) text += problem.what + "; ";
  return text;
}

// The keytrail binary's stdout alone (its stderr dropped).
CommandRun StdoutOf(const std::string& args) {
  return RunKeytrail(args + " 2>/dev/null");
}

// Two nodes on one fresh database; a is started first.
struct TwoNodes {
  std::string url;
  KeytrailProcess a;
  KeytrailProcess b;
  std::string secret;

  explicit TwoNodes(PostgresServer& pg)
      : url(pg.NewDatabase()), a(url), b(url, a.data_dir()) {
    secret = a.OperatorSecret();
    BOOST_REQUIRE(!secret.empty());
  }
  Api OnA() { return Api(a.Client(), secret); }
  Api OnB() { return Api(b.Client(), secret); }
};

BOOST_AUTO_TEST_SUITE(Cluster)

BOOST_AUTO_TEST_CASE(CommandsOnOneNodeAreHonouredByTheOtherWithin100Ms) {
  TwoNodes cluster(SharedPostgres());
  // One operator per cluster: b found a's, and printed none.
  BOOST_TEST(cluster.b.OperatorSecret().empty());
  Api a = cluster.OnA();
  Api b = cluster.OnB();
  a.CreateAccount("acme");
  const std::string group = a.CreateGroup("acme", "ERP", "api", {"*"});

  constexpr int kTries = 50;
  std::vector<double> seen_created;
  std::vector<double> seen_revoked;
  for (int i = 0; i < kTries; ++i) {
    const CreatedToken token =
        a.CreateToken("acme", "t" + std::to_string(i), {group});
    const auto created = Clock::now();
    while (b.VerifyCode(token.secret) != "VALID") {
      BOOST_REQUIRE(Clock::now() - created < std::chrono::seconds(5));
    }
    seen_created.push_back(Millis(Clock::now() - created));
    BOOST_REQUIRE(
        a.Call("DELETE", "/v1/accounts/acme/tokens/" + token.id).status == 204);
    const auto revoked = Clock::now();
    // Read-your-writes on a, at once.
    BOOST_TEST(a.VerifyCode(token.secret) == "REVOKED");
    while (b.VerifyCode(token.secret) != "REVOKED") {
      BOOST_REQUIRE(Clock::now() - revoked < std::chrono::seconds(5));
    }
    seen_revoked.push_back(Millis(Clock::now() - revoked));
  }
  std::sort(seen_created.begin(), seen_created.end());
  std::sort(seen_revoked.begin(), seen_revoked.end());
  const auto p = [](const std::vector<double>& v, double q) {
    return v[std::min(v.size() - 1, static_cast<size_t>(q * v.size()))];
  };
  std::printf(
      "cluster: revoke on A -> REVOKED on B: p50 %.1f ms, p99 %.1f ms; "
      "create on A -> VALID on B: p50 %.1f ms, p99 %.1f ms (%d tries)\n",
      p(seen_revoked, 0.5), p(seen_revoked, 0.99), p(seen_created, 0.5),
      p(seen_created, 0.99), kTries);
  // A correctness bound only (the machine may be shared and loaded: one
  // stalled try must not fail the test); the 100 ms p99 target is
  // tools/bench-cluster's.
  BOOST_TEST(p(seen_revoked, 0.9) < 1000.0);
  BOOST_TEST(VerifyStoreProblems(cluster.url) == "");
}

BOOST_AUTO_TEST_CASE(CreditsSpentConcurrentlyOnBothNodesAreNeverOversold) {
  TwoNodes cluster(SharedPostgres());
  Api a = cluster.OnA();
  a.CreateAccount("acme");
  const std::string group = a.CreateGroup("acme", "ERP", "api", {"*"});
  constexpr int kCredits = 200;
  const CreatedToken token = a.CreateToken(
      "acme", "metered", {group},
      R"(,"credits":{"remaining":)" + std::to_string(kCredits) + "}");
  const auto created = Clock::now();
  while (cluster.OnB()
             .Call("GET", "/v1/accounts/acme/tokens/" + token.id)
             .status != 200) {
    BOOST_REQUIRE(Clock::now() - created < std::chrono::seconds(5));
  }
  // Two clients per node; each stops after three USAGE_EXCEEDED in a row,
  // so that no node still holds a lease at the end.
  std::atomic<int> valid{0};
  std::atomic<int> other{0};
  std::vector<std::thread> clients;
  for (int i = 0; i < 4; ++i) {
    clients.emplace_back([&, i] {
      Api api = i % 2 == 0 ? cluster.OnA() : cluster.OnB();
      int refused_in_a_row = 0;
      for (int call = 0; call < 1000 && refused_in_a_row < 3; ++call) {
        const std::string code = api.VerifyCode(token.secret);
        if (code == "VALID") {
          ++valid;
          refused_in_a_row = 0;
        } else if (code == "USAGE_EXCEEDED") {
          ++refused_in_a_row;
        } else {
          ++other;
        }
      }
    });
  }
  for (std::thread& client : clients) client.join();
  const json::value leases =
      a.Call("GET",
             "/v1/audit?account=acme&type=CreditsLeased&limit=1000&"
             "stream=token-" +
                 token.id)
          .Json();
  std::map<std::string, int> by_node;
  for (const json::value& item : leases.at("items").as_array()) {
    ++by_node[std::string(item.at("data").at("node").as_string())];
  }
  std::string nodes;
  for (const auto& [node, count] : by_node) {
    nodes += " " + node + ":" + std::to_string(count);
  }
  std::printf("cluster credits: %d of %d accepted; leases by node:%s\n",
              valid.load(), kCredits, nodes.c_str());
  BOOST_TEST(other.load() == 0);
  BOOST_TEST(valid.load() <= kCredits);  // never oversold
  BOOST_TEST(valid.load() == kCredits);  // and nothing stranded
  BOOST_TEST(by_node.size() == 2u);      // both nodes leased
}

BOOST_AUTO_TEST_CASE(KillNineOfANodeLosesNoAcknowledgedCommand) {
  TwoNodes cluster(SharedPostgres());
  {
    Api a = cluster.OnA();
    a.CreateAccount("acme");
  }
  const std::string group =
      cluster.OnA().CreateGroup("acme", "g", "api", {"*"});
  std::mutex mu;
  std::vector<std::string> acknowledged;
  std::atomic<bool> stop{false};
  std::vector<std::thread> writers;
  for (int w = 0; w < 8; ++w) {
    writers.emplace_back([&, w] {
      Api api = cluster.OnA();
      for (int i = 0; !stop.load(); ++i) {
        ClientResponse created = api.Call(
            "POST", "/v1/accounts/acme/tokens",
            R"({"name":"w)" + std::to_string(w) + "-" + std::to_string(i) +
                R"(","groups":[")" + group + R"("]})");
        if (created.status != 201) break;  // the node is gone
        std::lock_guard<std::mutex> lock(mu);
        acknowledged.push_back(
            std::string(created.Json().at("id").as_string()));
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(700));
  cluster.a.Kill();
  stop = true;
  for (std::thread& writer : writers) writer.join();
  BOOST_TEST_MESSAGE("acknowledged before kill -9: " << acknowledged.size());
  BOOST_REQUIRE(acknowledged.size() > 10u);
  // b keeps serving, and holds every acknowledged token.
  Api b = cluster.OnB();
  b.CreateToken("acme", "after", {group});
  for (const std::string& id : acknowledged) {
    const int status = b.Call("GET", "/v1/accounts/acme/tokens/" + id).status;
    BOOST_TEST(status == 200, "token " << id << " answered " << status);
  }
  // a comes back and sees the same.
  cluster.a.Start();
  Api a = cluster.OnA();
  BOOST_TEST(
      a.Call("GET", "/v1/accounts/acme/tokens/" + acknowledged.back()).status ==
      200);
  BOOST_TEST(VerifyStoreProblems(cluster.url) == "");
}

BOOST_AUTO_TEST_CASE(PostgresRestartAnswers503ThenRecoversWithNothingLost) {
  PostgresServer pg;
  TwoNodes cluster(pg);
  Api a = cluster.OnA();
  a.CreateAccount("acme");
  const std::string group = a.CreateGroup("acme", "g", "api", {"*"});
  const CreatedToken token = a.CreateToken("acme", "before", {group});
  // b has the token (it tails the log) before the database goes away.
  const auto tailed_by = Clock::now() + std::chrono::seconds(5);
  while (cluster.OnB().VerifyCode(token.secret) != "VALID" &&
         Clock::now() < tailed_by) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  pg.Stop();
  ClientResponse refused =
      a.Call("POST", "/v1/accounts/acme/tokens",
             R"({"name":"during","groups":[")" + group + R"("]})",
             {{"Idempotency-Key", "during-1"}});
  BOOST_TEST(refused.status == 503);
  BOOST_TEST(refused.Header("Retry-After").value_or("") == "1");
  BOOST_TEST(refused.Json().at("code") == "UNAVAILABLE");
  ClientResponse ready = cluster.b.Client().Get("/readyz");
  BOOST_TEST(ready.status == 503);
  BOOST_TEST(ready.body.find("unreachable") != std::string::npos);
  // Verification answers from memory on both nodes.
  BOOST_TEST(a.VerifyCode(token.secret) == "VALID");
  BOOST_TEST(cluster.OnB().VerifyCode(token.secret) == "VALID");
  pg.Start();
  // The client retries the same request until it is taken: once.
  const auto deadline = Clock::now() + std::chrono::seconds(10);
  ClientResponse retried;
  do {
    retried = a.Call("POST", "/v1/accounts/acme/tokens",
                     R"({"name":"during","groups":[")" + group + R"("]})",
                     {{"Idempotency-Key", "during-1"}});
  } while (retried.status == 503 && Clock::now() < deadline);
  BOOST_REQUIRE(retried.status == 201);
  ClientResponse again =
      a.Call("POST", "/v1/accounts/acme/tokens",
             R"({"name":"during","groups":[")" + group + R"("]})",
             {{"Idempotency-Key", "during-1"}});
  BOOST_TEST(again.status == 201);
  BOOST_TEST(again.Json().at("id") == retried.Json().at("id"));
  // b is ready again once its connection to PostgreSQL is back.
  int b_ready = 0;
  const auto ready_by = Clock::now() + std::chrono::seconds(5);
  do {
    b_ready = cluster.b.Client().Get("/readyz").status;
    if (b_ready != 200)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
  } while (b_ready != 200 && Clock::now() < ready_by);
  BOOST_TEST(b_ready == 200);
  // b tails the log again (its watcher reconnects) and lists it once.
  Api b = cluster.OnB();
  ClientResponse listed;
  const auto listed_by = Clock::now() + std::chrono::seconds(5);
  do {
    listed = b.Call("GET", "/v1/accounts/acme/tokens");
  } while (listed.body.find("\"during\"") == std::string::npos &&
           Clock::now() < listed_by);
  BOOST_REQUIRE(listed.status == 200);
  size_t during = 0;
  for (size_t at = 0;
       (at = listed.body.find("\"during\"", at)) != std::string::npos; ++at) {
    ++during;
  }
  BOOST_TEST(during == 1u);
  BOOST_TEST(VerifyStoreProblems(cluster.url) == "");
}

BOOST_AUTO_TEST_CASE(MigrateRoundTripKeepsSeqIdsLeafHashesAndHeads) {
  TempDir rocks;
  {
    // A single node's data directory: the operator's events and a signed
    // head.
    http::ServiceOptions options;
    options.data_dir = rocks.path();
    auto service = http::KeytrailService::Open(options);
    BOOST_REQUIRE(service.ok());
  }
  const std::string url = SharedPostgres().NewDatabase();
  const std::string dir = rocks.path().string();
  CommandRun there = RunKeytrail("migrate --from " + dir + " --to " + url);
  BOOST_TEST_REQUIRE(there.code == 0, there.out);
  BOOST_TEST(there.out.find("OK: tree root") != std::string::npos);
  TempDir back;
  CommandRun back_again =
      RunKeytrail("migrate --from " + url + " --to " + back.path().string());
  BOOST_TEST_REQUIRE(back_again.code == 0, back_again.out);
  // A second copy into a store that is no longer empty is refused.
  BOOST_TEST(RunKeytrail("migrate --from " + dir + " --to " + url).code == 1);
  CommandRun verified =
      RunKeytrail("verify-store --data " + dir + " --store " + url);
  BOOST_TEST(verified.code == 0, verified.out);
  BOOST_TEST(RunKeytrail("verify-store --data " + back.path().string()).code ==
             0);
  // The same export from all three (the key of the original directory).
  const CommandRun original = StdoutOf("export --data " + dir);
  const CommandRun on_pg = StdoutOf("export --data " + dir + " --store " + url);
  BOOST_TEST_REQUIRE(original.code == 0);
  BOOST_TEST(on_pg.code == 0);
  BOOST_TEST(!original.out.empty());
  BOOST_TEST((on_pg.out == original.out));
  const CommandRun round_trip = StdoutOf("export --data " + dir + " --store " +
                                         back.path().string() + "/store");
  BOOST_TEST((round_trip.out == original.out));
}

BOOST_AUTO_TEST_CASE(TimelinesNameTheNodeAndReadTheClusterStoreWhileNodesRun) {
  TwoNodes cluster(SharedPostgres());
  Api a = cluster.OnA();
  a.CreateAccount("acme");
  const std::string group = a.CreateGroup("acme", "ERP", "api", {"*"});
  const CreatedToken token = a.CreateToken("acme", "ERP sync", {group});
  // A use on node b shows in the timeline as b's (its default --node-id is
  // <host name>:<port>), once b has flushed its usage (about every second).
  Api b = cluster.OnB();
  const auto tailed = Clock::now() + std::chrono::seconds(5);
  while (b.VerifyCode(token.secret) != "VALID") {
    BOOST_REQUIRE(Clock::now() < tailed);  // b tails the create first
  }
  const std::string b_node = ":" + std::to_string(cluster.b.port()) + "\"";
  const auto deadline = Clock::now() + std::chrono::seconds(10);
  std::string timeline_json;
  do {
    timeline_json =
        a.Call("GET", "/v1/accounts/acme/tokens/" + token.id + "/timeline")
            .body;
  } while (timeline_json.find(b_node) == std::string::npos &&
           Clock::now() < deadline);
  BOOST_TEST(timeline_json.find("\"TokenUsed\"") != std::string::npos,
             timeline_json);
  BOOST_TEST(timeline_json.find(b_node) != std::string::npos, timeline_json);
  BOOST_REQUIRE(
      a.Call("POST", "/v1/accounts/acme/tokens/" + token.id + ":disable")
          .status == 200);

  const CommandRun timeline =
      StdoutOf("timeline " + token.id + " --json --store " + cluster.url);
  BOOST_TEST_REQUIRE(timeline.code == 0, timeline.out);
  BOOST_TEST(timeline.out.find("\"TokenCreated\"") != std::string::npos,
             timeline.out);
  BOOST_TEST(timeline.out.find("\"TokenDisabled\"") != std::string::npos,
             timeline.out);
  BOOST_TEST(RunKeytrail("timeline tok_nope --store " + cluster.url).code != 0);

  const CommandRun rebuilt = RunKeytrail("rebuild --store " + cluster.url);
  BOOST_TEST(rebuilt.code == 0, rebuilt.out);
  // The nodes kept running and still agree.
  BOOST_TEST(b.VerifyCode(token.secret) == "DISABLED");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail::test
