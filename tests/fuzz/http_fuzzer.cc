// Fuzzes HTTP request handling end to end but for the socket: raw bytes go
// through Beast's request parser with the server's limits, then
// MakeRequest() and the Dispatcher over the real router of a KeytrailServer
// (a fresh data directory per fuzzing process, kAsync store), blocking
// handlers run inline. Every parsed request must get a status in 100..599.
// "$OP" in the input is replaced by the operator token first, so that the
// fuzzer reaches the authenticated routes and their body decoders.
#include <stdlib.h>

#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "http/dispatcher.h"
#include "routes/keytrail_server.h"
#include "base/log.h"
#include "http/request.h"

namespace {

namespace bhttp = boost::beast::http;

struct Fixture {
  Fixture() {
    (void)keytrail::http::ConfigureLogging("off");
    char pattern[] = "/tmp/keytrail-fuzz-XXXXXX";
    dir = mkdtemp(pattern);
    keytrail::http::KeytrailOptions options;
    options.data_dir = dir;
    options.service.durability = keytrail::eventstore::Durability::kAsync;
    auto opened = keytrail::http::KeytrailServer::Open(std::move(options));
    if (!opened.ok()) std::abort();
    server = std::move(opened).value();
    op = server->operator_secret();
    dispatcher = std::make_unique<keytrail::http::Dispatcher>(
        &server->http_server().router(),
        [](std::function<void()> task) { task(); });
  }
  std::string dir;
  std::unique_ptr<keytrail::http::KeytrailServer> server;
  std::string op;
  std::unique_ptr<keytrail::http::Dispatcher> dispatcher;
};

Fixture& TheFixture() {
  static Fixture* fixture = new Fixture();  // lives until exit
  return *fixture;
}

std::string WithOperatorToken(std::string text, const std::string& op) {
  for (size_t at = text.find("$OP"); at != std::string::npos;
       at = text.find("$OP", at + op.size())) {
    text.replace(at, 3, op);
  }
  return text;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Fixture& fixture = TheFixture();
  std::string wire = WithOperatorToken(
      std::string(reinterpret_cast<const char*>(data), size), fixture.op);
  bhttp::request_parser<bhttp::string_body> parser;
  parser.eager(true);
  parser.body_limit(64 * 1024);
  parser.header_limit(8 * 1024);
  boost::beast::error_code ec;
  parser.put(boost::asio::buffer(wire), ec);
  if (ec || !parser.is_done()) return 0;
  auto message = parser.release();
  auto request = keytrail::http::MakeRequest(
      std::string(message.method_string()), std::string(message.target()));
  if (!request.ok()) return 0;
  for (const auto& field : message) {
    request->headers.Add(std::string(field.name_string()),
                         std::string(field.value()));
  }
  request->body = std::move(message.body());
  request->peer_ip = "127.0.0.1";
  int status = 0;
  fixture.dispatcher->Dispatch(std::move(request).value(),
                               [&status](keytrail::http::Response response) {
                                 status = response.status;
                               });
  if (status < 100 || status > 599) std::abort();
  return 0;
}
