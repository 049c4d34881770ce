#include "tests/support/test_server.h"

#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <string>
#include <vector>

#include "base/log.h"
#include "tests/support/cluster_node.h"
#include "tests/support/postgres_server.h"

namespace keytrail::test {

void ConfigureTestLogging() {
  static const bool configured = [] {
    const char* level = std::getenv("KEYTRAIL_TEST_LOG");
    return ConfigureLogging(level != nullptr ? level : "warn").ok();
  }();
  BOOST_REQUIRE_MESSAGE(configured, "bad KEYTRAIL_TEST_LOG level");
}

bool TestStoreIsPostgres() {
  static const bool postgres = [] {
    const char* store = std::getenv("KEYTRAIL_TEST_STORE");
    return store != nullptr && std::string(store) == "postgresql";
  }();
  return postgres;
}

namespace {

boost::unit_test::decorator::precondition SkippedOnPostgres(const char* why) {
  return boost::unit_test::precondition(
      [why](boost::unit_test::test_unit_id)
          -> boost::test_tools::assertion_result {
        boost::test_tools::assertion_result run(!TestStoreIsPostgres());
        run.message() << why;
        return run;
      });
}

}  // namespace

boost::unit_test::decorator::precondition OnRocksDbOnly() {
  return SkippedOnPostgres(
      "RocksDB only: skipped with KEYTRAIL_TEST_STORE=postgresql");
}

boost::unit_test::decorator::precondition IndependentOfTestStore() {
  return SkippedOnPostgres(
      "sets up its own stores: run once, by http_tests, not again with "
      "KEYTRAIL_TEST_STORE=postgresql");
}

http::ServerOptions TestServer::DefaultOptions() {
  http::ServerOptions options;
  options.listen = "127.0.0.1:0";
  options.io_threads = 2;
  options.worker_threads = 4;
  return options;
}

TestServer::TestServer(http::ServerOptions options)
    : TestServer(std::move(options), http::ServiceOptions()) {}

TestServer::TestServer(http::ServerOptions options,
                       http::ServiceOptions service)
    : options_(std::move(options)), service_(std::move(service)) {
  ConfigureTestLogging();
  if (TestStoreIsPostgres()) {
    store_url_ = SharedPostgres().NewDatabase();
    service_.store = store_url_;
  }
  Open("127.0.0.1:0");
  if (TestStoreIsPostgres()) StartPeer();
}

TestServer::~TestServer() {
  if (server_ != nullptr) server_->Stop();
  // The peer goes with the fixture (kill -9: it holds nothing to flush
  // that a test could still read).
  peer_.reset();
  if (!store_url_.empty()) {
    server_.reset();  // nothing may write to the database any more
    SharedPostgres().Recycle(store_url_);
  }
}

void TestServer::StartPeer() {
  // The peer serves with the fixture's service options that a request
  // can tell apart, as an operator starts every node of a cluster alike:
  // it may lead (deliver webhooks) once the fixture restarts.
  std::vector<std::string> args;
  for (const std::string& proxy : service_.trusted_proxies) {
    args.insert(args.end(), {"--trusted-proxy", proxy});
  }
  if (!service_.auth_metadata_header.empty()) {
    args.insert(args.end(),
                {"--auth-metadata-header", service_.auth_metadata_header});
  }
  if (service_.webhooks_allow_http_loopback) {
    args.push_back("--webhooks-allow-http-loopback");
  }
  if (!service_.webhooks_ca_file.empty()) {
    args.insert(args.end(), {"--webhooks-ca-file", service_.webhooks_ca_file});
  }
  // After Open(): the first node created the operator, and its keys are
  // in data_dir for the peer to copy.
  peer_ = std::make_unique<KeytrailProcess>(store_url_, data_dir_.path(),
                                            std::move(args));
}

HttpClient TestServer::PeerClient() const {
  return HttpClient(peer_ != nullptr ? peer_->port() : port_);
}

void TestServer::Restart() {
  server_->Stop();
  server_.reset();
  Open("127.0.0.1:" + std::to_string(port_));
}

void TestServer::Open(std::string listen) {
  http::KeytrailOptions options;
  options.server = options_;
  options.server.listen = std::move(listen);
  options.service = service_;
  options.data_dir = data_dir_.path();
  auto server = http::KeytrailServer::Open(std::move(options));
  BOOST_REQUIRE_MESSAGE(
      server.ok(), "KeytrailServer::Open failed: " +
                       (server.ok() ? std::string() : server.error().message));
  Status started = (*server)->Start();
  BOOST_REQUIRE_MESSAGE(
      started.ok(),
      "KeytrailServer::Start failed: " +
          (started.ok() ? std::string() : started.error().message));
  server_ = std::move(server).value();
  port_ = server_->port();
  if (!server_->operator_secret().empty()) {
    operator_secret_ = server_->operator_secret();
  }
}

}  // namespace keytrail::test
