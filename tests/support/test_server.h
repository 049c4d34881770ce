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
#ifndef KEYTRAIL_TESTS_SUPPORT_TEST_SERVER_H_
#define KEYTRAIL_TESTS_SUPPORT_TEST_SERVER_H_

#include <cstdint>
#include <filesystem>
#include <memory>

#include "http/server_options.h"
#include "routes/keytrail_server.h"
#include "tests/support/http_client.h"
#include "tests/support/temp_dir.h"

namespace keytrail::test {

// Sets up JSON logs at KEYTRAIL_TEST_LOG's level ("warn" when unset), once
// per process, so that it never races with threads that log. TestServer
// calls it; call it before starting an http::Server by hand.
void ConfigureTestLogging();

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
  const std::filesystem::path& data_dir() const { return data_dir_.path(); }
  http::KeytrailServer& server() { return *server_; }
  // The operator's secret, printed by the first start of the data
  // directory; kept here across Restart().
  const std::string& operator_secret() const { return operator_secret_; }

  // Stops the server gracefully and opens a new one on the same data
  // directory and port, as after a process restart. Clients must
  // reconnect (HttpClient does so by itself on its next request).
  void Restart();

 private:
  void Open(std::string listen);

  TempDir data_dir_;
  http::ServerOptions options_;
  http::ServiceOptions service_;
  std::unique_ptr<http::KeytrailServer> server_;
  uint16_t port_ = 0;
  std::string operator_secret_;
};

}  // namespace keytrail::test

#endif  // KEYTRAIL_TESTS_SUPPORT_TEST_SERVER_H_
