#include "tests/support/test_server.h"

#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <string>

#include "base/log.h"

namespace keytrail::test {

void ConfigureTestLogging() {
  static const bool configured = [] {
    const char* level = std::getenv("KEYTRAIL_TEST_LOG");
    return http::ConfigureLogging(level != nullptr ? level : "warn").ok();
  }();
  BOOST_REQUIRE_MESSAGE(configured, "bad KEYTRAIL_TEST_LOG level");
}

http::ServerOptions TestServer::DefaultOptions() {
  http::ServerOptions options;
  options.listen = "127.0.0.1:0";
  options.io_threads = 2;
  options.worker_threads = 4;
  return options;
}

TestServer::TestServer(http::ServerOptions options)
    : options_(std::move(options)) {
  ConfigureTestLogging();
  Open("127.0.0.1:0");
}

TestServer::TestServer(http::ServerOptions options,
                       http::ServiceOptions service)
    : options_(std::move(options)), service_(std::move(service)) {
  ConfigureTestLogging();
  Open("127.0.0.1:0");
}

TestServer::~TestServer() {
  if (server_ != nullptr) server_->Stop();
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
