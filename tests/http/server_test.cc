// The HTTP server end to end, through a real KeytrailServer on a port.
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>
#include <string>

#include "tests/support/test_server.h"

namespace keytrail::http {
namespace {

using test::ClientResponse;
using test::HttpClient;
using test::TestServer;

// Checks that `response` is a problem+json with `status` and `code`.
void CheckProblem(const ClientResponse& response, int status,
                  std::string_view code) {
  BOOST_TEST(response.status == status);
  BOOST_TEST(response.Header("Content-Type").value_or("") ==
             "application/problem+json");
  boost::json::value json = response.Json();
  BOOST_REQUIRE(json.is_object());
  BOOST_TEST(json.at("code").as_string() == code);
  BOOST_TEST(json.at("status").as_int64() == status);
  for (const char* member : {"type", "title", "detail"}) {
    BOOST_TEST(json.as_object().contains(member), member);
  }
}

BOOST_AUTO_TEST_SUITE(ServerTest)

BOOST_FIXTURE_TEST_CASE(HealthzAnswersOk, TestServer) {
  ClientResponse response = Client().Get("/healthz");
  BOOST_TEST(response.status == 200);
  BOOST_TEST(response.Header("Content-Type").value_or("") ==
             "application/json");
  BOOST_TEST(response.body == R"({"status":"ok"})");
}

BOOST_FIXTURE_TEST_CASE(EveryResponseCarriesARequestId, TestServer) {
  HttpClient client = Client();
  std::string first(client.Get("/healthz").Header("X-Request-Id").value_or(""));
  std::string second(client.Get("/nope").Header("X-Request-Id").value_or(""));
  BOOST_TEST(first.size() == 16u);
  BOOST_TEST(second.size() == 16u);
  BOOST_TEST(first != second);
}

BOOST_FIXTURE_TEST_CASE(UnknownPathAnswers404Problem, TestServer) {
  CheckProblem(Client().Get("/v1/nothing/here?x=1"), 404, "NOT_FOUND");
}

BOOST_FIXTURE_TEST_CASE(KnownPathWithWrongMethodAnswers405WithAllow,
                        TestServer) {
  ClientResponse response = Client().Post("/healthz", "{}");
  CheckProblem(response, 405, "METHOD_NOT_ALLOWED");
  BOOST_TEST(response.Header("Allow").value_or("") == "GET, HEAD");
}

BOOST_FIXTURE_TEST_CASE(HeadAnswersHeadersWithoutBody, TestServer) {
  ClientResponse response = Client().Send("HEAD", "/healthz");
  BOOST_TEST(response.status == 200);
  BOOST_TEST(response.body.empty());
  BOOST_TEST(response.Header("Content-Length").value_or("") == "15");
}

BOOST_FIXTURE_TEST_CASE(KeepAliveServesAThousandRequestsOnOneConnection,
                        TestServer) {
  HttpClient client = Client();
  int ok = 0;
  for (int i = 0; i < 1000; ++i) {
    ok += client.Get("/healthz").status == 200 ? 1 : 0;
  }
  BOOST_TEST(ok == 1000);
  BOOST_TEST(client.connections_opened() == 1);
}

BOOST_FIXTURE_TEST_CASE(PipelinedRequestsAreAnsweredInOrder, TestServer) {
  HttpClient client = Client();
  BOOST_REQUIRE(client
                    .SendRaw("GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n"
                             "GET /missing HTTP/1.1\r\nHost: t\r\n\r\n"
                             "POST /healthz HTTP/1.1\r\nHost: t\r\n"
                             "Content-Length: 0\r\n\r\n")
                    .ok());
  BOOST_TEST(client.ReadResponse().status == 200);
  BOOST_TEST(client.ReadResponse().status == 404);
  BOOST_TEST(client.ReadResponse().status == 405);
}

BOOST_FIXTURE_TEST_CASE(ConnectionCloseIsHonoured, TestServer) {
  HttpClient client = Client();
  ClientResponse response = client.Get("/healthz", {{"Connection", "close"}});
  BOOST_TEST(response.status == 200);
  BOOST_TEST(response.Header("Connection").value_or("") == "close");
  BOOST_TEST(client.Get("/healthz").status == 200);
  BOOST_TEST(client.connections_opened() == 2);
}

BOOST_FIXTURE_TEST_CASE(OpenConnectionsAreCounted, TestServer) {
  HttpClient first = Client();
  HttpClient second = Client();
  BOOST_TEST(first.Get("/healthz").status == 200);
  BOOST_TEST(second.Get("/healthz").status == 200);
  BOOST_TEST(server().http_server().open_connections() == 2u);
}

BOOST_FIXTURE_TEST_CASE(RestartServesTheSameDataDirOnTheSamePort, TestServer) {
  HttpClient client = Client();
  BOOST_TEST(client.Get("/healthz").status == 200);
  uint16_t before = port();
  Restart();
  BOOST_TEST(port() == before);
  BOOST_TEST(std::filesystem::is_directory(data_dir()));
  BOOST_TEST(client.Get("/healthz").status == 200);
  BOOST_TEST(client.connections_opened() == 2);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail::http
