// Limits and timeouts of the HTTP server (docs/api.md §6, ServerOptions).
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <string>

#include "tests/support/test_server.h"

namespace keytrail::http {
namespace {

using namespace std::chrono_literals;
using test::ClientResponse;
using test::HttpClient;
using test::TestServer;
using Clock = std::chrono::steady_clock;

constexpr auto kReadTimeout = 400ms;

ServerOptions ShortTimeouts() {
  ServerOptions options = TestServer::DefaultOptions();
  options.read_timeout = kReadTimeout;
  options.linger_timeout = 500ms;
  return options;
}

struct ShortTimeoutServer : TestServer {
  ShortTimeoutServer() : TestServer(ShortTimeouts()) {}
};

std::string ProblemCode(const ClientResponse& response) {
  boost::json::value json = response.Json();
  if (!json.is_object() || !json.as_object().contains("code")) return "";
  return std::string(json.at("code").as_string());
}

BOOST_AUTO_TEST_SUITE(ServerLimitsTest)

BOOST_FIXTURE_TEST_CASE(BodyOverTheLimitAnswers413AndCloses, TestServer) {
  HttpClient client = Client();
  ClientResponse response =
      client.Post("/v1/accounts", std::string(65 * 1024, 'a'));
  BOOST_TEST(response.status == 413);
  BOOST_TEST(ProblemCode(response) == "TOO_LARGE");
  BOOST_TEST(response.Header("Connection").value_or("") == "close");
  BOOST_TEST(client.WaitForClose(5s));
}

BOOST_FIXTURE_TEST_CASE(BodyAtTheLimitIsRead, TestServer) {
  ClientResponse response =
      Client().Post("/healthz", std::string(64 * 1024, 'a'));
  BOOST_TEST(response.status == 405);  // read whole, then routed
}

BOOST_FIXTURE_TEST_CASE(ChunkedBodyOverTheLimitAnswers413, TestServer) {
  HttpClient client = Client();
  std::string chunk(16 * 1024, 'a');
  std::string request =
      "POST /healthz HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
      "Transfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 5; ++i) request += "4000\r\n" + chunk + "\r\n";
  request += "0\r\n\r\n";
  BOOST_REQUIRE(client.SendRaw(request).ok());
  ClientResponse response = client.ReadResponse();
  BOOST_TEST(response.status == 413);
  BOOST_TEST(ProblemCode(response) == "TOO_LARGE");
}

BOOST_FIXTURE_TEST_CASE(HeadersOverTheLimitAnswer431, TestServer) {
  HttpClient client = Client();
  ClientResponse response =
      client.Get("/healthz", {{"X-Padding", std::string(9 * 1024, 'a')}});
  BOOST_TEST(response.status == 431);
  BOOST_TEST(ProblemCode(response) == "HEADERS_TOO_LARGE");
  BOOST_TEST(client.WaitForClose(5s));
}

BOOST_FIXTURE_TEST_CASE(MalformedRequestAnswers400AndCloses, TestServer) {
  HttpClient client = Client();
  BOOST_REQUIRE(client.SendRaw("NOT HTTP AT ALL\r\n\r\n").ok());
  ClientResponse response = client.ReadResponse();
  BOOST_TEST(response.status == 400);
  BOOST_TEST(ProblemCode(response) == "INVALID");
  BOOST_TEST(client.WaitForClose(5s));
}

BOOST_FIXTURE_TEST_CASE(MalformedTargetAnswers400AndKeepsTheConnection,
                        TestServer) {
  HttpClient client = Client();
  ClientResponse response = client.Get("/v1/accounts?a=1&a=2");
  BOOST_TEST(response.status == 400);
  BOOST_TEST(ProblemCode(response) == "INVALID");
  BOOST_TEST(client.Get("/healthz").status == 200);
  BOOST_TEST(client.connections_opened() == 1);
}

BOOST_FIXTURE_TEST_CASE(ExpectContinueGetsAnInterimResponse, TestServer) {
  HttpClient client = Client();
  BOOST_REQUIRE(
      client
          .SendRaw("POST /healthz HTTP/1.1\r\nHost: t\r\n"
                   "Content-Type: application/json\r\n"
                   "Content-Length: 2\r\nExpect: 100-continue\r\n\r\n")
          .ok());
  BOOST_TEST(client.ReadResponse().status == 100);
  BOOST_REQUIRE(client.SendRaw("{}").ok());
  BOOST_TEST(client.ReadResponse().status == 405);
}

BOOST_FIXTURE_TEST_CASE(SlowClientDoesNotBlockOthersAndIsClosed,
                        ShortTimeoutServer) {
  HttpClient slow = Client();
  Clock::time_point start = Clock::now();
  BOOST_REQUIRE(slow.SendRaw("GET /healthz HTTP/1.1\r\nHost: t\r\n").ok());

  HttpClient other = Client();
  int ok = 0;
  for (int i = 0; i < 20; ++i) ok += other.Get("/healthz").status == 200;
  Clock::time_point others_done = Clock::now();
  BOOST_TEST(ok == 20);

  BOOST_TEST(slow.WaitForClose(5s));
  Clock::time_point slow_closed = Clock::now();
  BOOST_TEST((others_done < slow_closed));
  BOOST_TEST((slow_closed - start >= kReadTimeout - 50ms));
}

BOOST_FIXTURE_TEST_CASE(ClientTricklingBytesIsClosedAfterReadTimeout,
                        ShortTimeoutServer) {
  HttpClient slow = Client();
  Clock::time_point start = Clock::now();
  std::string request = "GET /healthz HTTP/1.1\r\nHost: t\r\nX-Slow: ";
  bool closed = false;
  for (int i = 0; i < 40 && !closed; ++i) {  // one byte per 50 ms
    closed = !slow.SendRaw(std::string(1, 'a' + i % 26)).ok() ||
             slow.WaitForClose(50ms);
  }
  BOOST_TEST(closed);
  BOOST_TEST((Clock::now() - start < kReadTimeout + 1s));
}

BOOST_FIXTURE_TEST_CASE(IdleKeepAliveConnectionIsClosedAfterReadTimeout,
                        ShortTimeoutServer) {
  HttpClient client = Client();
  BOOST_TEST(client.Get("/healthz").status == 200);
  Clock::time_point idle_since = Clock::now();
  BOOST_TEST(client.WaitForClose(5s));
  BOOST_TEST((Clock::now() - idle_since >= kReadTimeout - 50ms));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail::http
