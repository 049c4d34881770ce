// HttpClient: a small synchronous HTTP/1.1 client for tests, over one
// kept-alive connection to 127.0.0.1:<port>.
//
//   HttpClient client(server.port());
//   ClientResponse response = client.Get("/healthz");
//   BOOST_TEST(response.status == 200);
//   BOOST_TEST(response.Json().at("status") == "ok");
//
// The connection opens on first use and is reused until either side
// closes it (Connection: close, an error, a server restart); the next
// request then reconnects.
// connections_opened() counts connects, to check keep-alive. SendRaw(),
// ReadResponse() and WaitForClose() drive the wire by hand for malformed or
// slow requests. Transport failures never throw: the response has status 0
// and `error` says why. Every operation gives up after timeout().
//
// Not thread-safe: one client per thread.
#ifndef KEYTRAIL_TESTS_SUPPORT_HTTP_CLIENT_H_
#define KEYTRAIL_TESTS_SUPPORT_HTTP_CLIENT_H_

#include <boost/json/value.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.h"
#include "http/headers.h"

namespace keytrail::test {

struct ClientResponse {
  int status = 0;     // 0: the request failed in transport, see `error`
  std::string error;  // why the transport failed
  http::Headers headers;
  std::string body;

  std::optional<std::string_view> Header(std::string_view name) const {
    return headers.Get(name);
  }
  // Returns the body parsed as JSON, or null when it is not JSON.
  boost::json::value Json() const;
};

// Header fields to send: {{"Authorization", "Bearer kt_..."}}.
using HeaderList = std::vector<std::pair<std::string, std::string>>;

class HttpClient {
 public:
  explicit HttpClient(uint16_t port);
  ~HttpClient();
  HttpClient(HttpClient&&) noexcept;
  HttpClient& operator=(HttpClient&&) noexcept;

  // Sends one request and reads its response. A non-empty body gets
  // Content-Type: application/json unless `headers` names another.
  ClientResponse Send(std::string_view method, std::string_view target,
                      std::string body = {}, const HeaderList& headers = {});
  ClientResponse Get(std::string_view target, const HeaderList& headers = {}) {
    return Send("GET", target, {}, headers);
  }
  ClientResponse Post(std::string_view target, std::string body = {},
                      const HeaderList& headers = {}) {
    return Send("POST", target, std::move(body), headers);
  }
  ClientResponse Put(std::string_view target, std::string body,
                     const HeaderList& headers = {}) {
    return Send("PUT", target, std::move(body), headers);
  }
  ClientResponse Patch(std::string_view target, std::string body,
                       const HeaderList& headers = {}) {
    return Send("PATCH", target, std::move(body), headers);
  }
  ClientResponse Delete(std::string_view target,
                        const HeaderList& headers = {}) {
    return Send("DELETE", target, {}, headers);
  }

  // Writes `bytes` as they are (connecting first when needed).
  [[nodiscard]] Status SendRaw(std::string_view bytes);
  // Reads one response from the connection.
  ClientResponse ReadResponse();
  // Returns true when the server closes the connection (EOF or reset)
  // within `timeout`, discarding anything it sends first; false leaves the
  // connection open.
  bool WaitForClose(std::chrono::milliseconds timeout);
  // Closes the connection.
  void Close();

  int connections_opened() const;
  std::chrono::milliseconds timeout() const;
  void set_timeout(std::chrono::milliseconds timeout);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace keytrail::test

#endif  // KEYTRAIL_TESTS_SUPPORT_HTTP_CLIENT_H_
