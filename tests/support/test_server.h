// TestServer: the one fixture for tests that talk HTTP to a real keytrail.
// It opens a KeytrailServer on a fresh temporary data directory, starts it
// on 127.0.0.1 with an ephemeral port, and stops it (gracefully) when the
// test ends.
//
//   BOOST_FIXTURE_TEST_CASE(HealthzAnswersOk, test::TestServer) {
//     BOOST_TEST(Client().Get("/healthz").status == 200);
//   }
//
// For other limits or timeouts, derive and pass options:
//   struct ShortTimeout : test::TestServer {
//     ShortTimeout() : TestServer(WithReadTimeout(200ms)) {}
//   };
//
// Logs go to stderr at "warn" (set KEYTRAIL_TEST_LOG=info to see every
// request line). Start-up failures fail the test at once.
//
// With KEYTRAIL_TEST_STORE=postgresql (ctest's http_on_cluster) the server
// opens on a fresh database of the shared test PostgreSQL
// (SharedPostgres()) instead, as node one of a two-node cluster: a second
// node, a real `keytrail serve` process with the same keys, runs on the
// same database from the start to the end of the test, tailing the log
// while the test's commands append to it (PeerClient() reaches it). Tests
// that only make sense on RocksDB carry `*OnRocksDbOnly()` with a comment
// saying why.
#ifndef KEYTRAIL_TESTS_SUPPORT_TEST_SERVER_H_
#define KEYTRAIL_TESTS_SUPPORT_TEST_SERVER_H_

#include <boost/test/tree/decorator.hpp>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "http/server_options.h"
#include "routes/keytrail_server.h"
#include "tests/support/http_client.h"
#include "tests/support/temp_dir.h"

namespace keytrail::test {

// Sets up JSON logs at KEYTRAIL_TEST_LOG's level ("warn" when unset), once
// per process, so that it never races with threads that log. TestServer
// calls it; call it before starting an http::Server by hand.
void ConfigureTestLogging();

// True when KEYTRAIL_TEST_STORE=postgresql: TestServer runs a two-node
// cluster on PostgreSQL.
bool TestStoreIsPostgres();

// A decorator for tests (or suites) of what only the RocksDB store has
// (its files, its corruption, its directory lock): they are skipped, and
// reported as such, when TestStoreIsPostgres().
//   BOOST_AUTO_TEST_CASE(Name, *test::OnRocksDbOnly()) { ... }
boost::unit_test::decorator::precondition OnRocksDbOnly();
// The same skip for tests that set up their own stores whatever
// KEYTRAIL_TEST_STORE says (the Cluster suite starts its own nodes on
// PostgreSQL): http_tests has run them already, the same way.
boost::unit_test::decorator::precondition IndependentOfTestStore();

class KeytrailProcess;

class TestServer {
 public:
  // Options for tests: 127.0.0.1:0, 2 I/O threads, 4 workers, defaults
  // otherwise.
  static http::ServerOptions DefaultOptions();

  TestServer() : TestServer(DefaultOptions()) {}
  // `options.listen` is ignored: the server binds 127.0.0.1:0.
  explicit TestServer(http::ServerOptions options);
  // With service options too (trusted proxies, durability); their
  // data_dir is ignored.
  TestServer(http::ServerOptions options, http::ServiceOptions service);
  ~TestServer();
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  // The bound port; stays the same across Restart().
  uint16_t port() const { return port_; }
  // A new client on its own connection to this server.
  HttpClient Client() const { return HttpClient(port_); }
  // The node's data directory: its keys, and on RocksDB its store.
  const std::filesystem::path& data_dir() const { return data_dir_.path(); }
  // The postgresql:// URL of the cluster's database, or "" on RocksDB.
  const std::string& store_url() const { return store_url_; }
  // A client of the cluster's second node (on PostgreSQL), or of this
  // server (on RocksDB). The second node sees a command only once it has
  // tailed it: wait for that before expecting it there.
  HttpClient PeerClient() const;
  http::KeytrailServer& server() { return *server_; }
  // The operator's secret, printed by the first start of the data
  // directory; kept here across Restart().
  const std::string& operator_secret() const { return operator_secret_; }

  // Stops the server gracefully and opens a new one on the same data
  // directory (and database) and port, as after a process restart. Clients must
  // reconnect (HttpClient does so by itself on its next request).
  void Restart();

 private:
  void Open(std::string listen);
  void StartPeer();

  TempDir data_dir_;
  std::string store_url_;
  std::unique_ptr<KeytrailProcess> peer_;  // the second node on PostgreSQL
  http::ServerOptions options_;
  http::ServiceOptions service_;
  std::unique_ptr<http::KeytrailServer> server_;
  uint16_t port_ = 0;
  std::string operator_secret_;
};

}  // namespace keytrail::test

#endif  // KEYTRAIL_TESTS_SUPPORT_TEST_SERVER_H_
