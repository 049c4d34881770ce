// AppendResponseHead(): the status line and header block as sent.
#include "http/response_head.h"

#include <boost/test/unit_test.hpp>
#include <string>

namespace keytrail::http {
namespace {

std::string Head(const Response& response, unsigned version, bool keep_alive) {
  std::string out;
  AppendResponseHead(response, {.version = version, .keep_alive = keep_alive},
                     out);
  return out;
}

BOOST_AUTO_TEST_SUITE(ResponseHead)

BOOST_AUTO_TEST_CASE(WritesStatusServerHeadersTypeAndLength) {
  Response response = Response::Text(201, "{}", "application/json");
  response.headers.Set("ETag", "\"3\"");
  response.headers.Set("X-Request-Id", "abc");
  BOOST_TEST(Head(response, 11, true) ==
             "HTTP/1.1 201 Created\r\n"
             "Server: keytrail\r\n"
             "ETag: \"3\"\r\n"
             "X-Request-Id: abc\r\n"
             "Content-Type: application/json\r\n"
             "Content-Length: 2\r\n"
             "\r\n");
}

BOOST_AUTO_TEST_CASE(SaysCloseOn11AndKeepAliveOn10) {
  Response response = Response::Text(200, "ok");
  BOOST_TEST(Head(response, 11, false).find("Connection: close\r\n") !=
             std::string::npos);
  BOOST_TEST(Head(response, 11, true).find("Connection:") == std::string::npos);
  std::string http10 = Head(response, 10, true);
  BOOST_TEST(http10.starts_with("HTTP/1.0 200 OK\r\n"));
  BOOST_TEST(http10.find("Connection: keep-alive\r\n") != std::string::npos);
  BOOST_TEST(Head(response, 10, false).find("Connection:") ==
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(NoContentLengthFor204And304) {
  BOOST_TEST(Head(Response::Empty(204), 11, true) ==
             "HTTP/1.1 204 No Content\r\nServer: keytrail\r\n\r\n");
  BOOST_TEST(Head(Response::Empty(304), 11, true).find("Content-Length") ==
             std::string::npos);
  BOOST_TEST(
      Head(Response::Empty(404), 11, true).find("Content-Length: 0\r\n") !=
      std::string::npos);
}

BOOST_AUTO_TEST_CASE(AChunkedHeadSaysSoInsteadOfALength) {
  Response response = Response::Text(200, "", "text/event-stream");
  std::string head;
  AppendResponseHead(
      response, {.version = 11, .keep_alive = false, .chunked = true}, head);
  BOOST_TEST(head ==
             "HTTP/1.1 200 OK\r\n"
             "Server: keytrail\r\n"
             "Content-Type: text/event-stream\r\n"
             "Transfer-Encoding: chunked\r\n"
             "Connection: close\r\n"
             "\r\n");
}

BOOST_AUTO_TEST_CASE(LineBreaksInAFieldCannotStartAHeader) {
  Response response = Response::Empty(200);
  response.headers.Set("Location", "/a\r\nSet-Cookie: x=1");
  std::string head = Head(response, 11, true);
  BOOST_TEST(head.find("Location: /a  Set-Cookie: x=1\r\n") !=
             std::string::npos);
  BOOST_TEST(head.find("\r\nSet-Cookie") == std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail::http
