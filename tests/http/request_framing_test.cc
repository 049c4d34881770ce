// RFC 9112 framing rules the server enforces before routing, over raw bytes
// on a real connection: an HTTP/1.1 request needs exactly one Host (§3.2),
// and a header field continued by obsolete line folding (§5.2) is refused.
// Both answer 400 problem+json and close the connection.
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <string>
#include <thread>

#include "tests/support/test_server.h"

namespace keytrail::test {
namespace {

using namespace std::chrono_literals;

// Sends `request` on a new connection and returns the answer.
ClientResponse SendRaw(const TestServer& server, const std::string& request) {
  HttpClient client = server.Client();
  BOOST_REQUIRE(client.SendRaw(request).ok());
  ClientResponse response = client.ReadResponse();
  if (response.status == 400) BOOST_TEST(client.WaitForClose(5s));
  return response;
}

void ExpectMalformed(const ClientResponse& response, std::string_view why) {
  BOOST_TEST(response.status == 400);
  BOOST_TEST(response.Header("Content-Type").value_or("") ==
             "application/problem+json");
  BOOST_TEST(response.Json().at("code") == "INVALID");
  BOOST_TEST(response.body.find(why) != std::string::npos, response.body);
}

BOOST_AUTO_TEST_SUITE(RequestFraming)

BOOST_FIXTURE_TEST_CASE(Http11WithoutHostAnswers400, TestServer) {
  ExpectMalformed(SendRaw(*this, "GET /healthz HTTP/1.1\r\n\r\n"), "Host");
}

BOOST_FIXTURE_TEST_CASE(Http11WithTwoHostsAnswers400, TestServer) {
  ExpectMalformed(
      SendRaw(*this, "GET /healthz HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"),
      "Host");
}

BOOST_FIXTURE_TEST_CASE(Http10WithoutHostIsServed, TestServer) {
  BOOST_TEST(SendRaw(*this, "GET /healthz HTTP/1.0\r\n\r\n").status == 200);
}

BOOST_FIXTURE_TEST_CASE(ObsoleteLineFoldingAnswers400, TestServer) {
  ExpectMalformed(SendRaw(*this,
                          "GET /healthz HTTP/1.1\r\nHost: t\r\n"
                          "X-Note: first\r\n second\r\n\r\n"),
                  "line folding");
  ExpectMalformed(SendRaw(*this,
                          "GET /healthz HTTP/1.1\r\nHost: t\r\n"
                          "X-Note: first\r\n\tsecond\r\n\r\n"),
                  "line folding");
}

BOOST_FIXTURE_TEST_CASE(FoldingSplitAcrossReadsIsSeen, TestServer) {
  HttpClient client = Client();
  BOOST_REQUIRE(
      client.SendRaw("GET /healthz HTTP/1.1\r\nHost: t\r\nX-Note: a\r\n").ok());
  std::this_thread::sleep_for(50ms);
  BOOST_REQUIRE(client.SendRaw(" b\r\n\r\n").ok());
  ExpectMalformed(client.ReadResponse(), "line folding");
}

BOOST_FIXTURE_TEST_CASE(SpacesInsideABodyAreNotFolding, TestServer) {
  HttpClient client = Client();
  // A pipelined pair: the first body has CRLF SP in it, the second request
  // is clean; both are served.
  const std::string body = "x\r\n y";
  BOOST_REQUIRE(client
                    .SendRaw("POST /healthz HTTP/1.1\r\nHost: t\r\n"
                             "Content-Length: " +
                             std::to_string(body.size()) + "\r\n\r\n" + body +
                             "GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n")
                    .ok());
  BOOST_TEST(client.ReadResponse().status == 405);
  BOOST_TEST(client.ReadResponse().status == 200);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail::test
