#include "tests/support/http_client.h"

#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/json/parse.hpp>
#include <cerrno>
#include <limits>

namespace keytrail::test {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

ClientResponse Failed(std::string_view what, beast::error_code ec) {
  ClientResponse response;
  response.error = std::string(what) + ": " + ec.message();
  return response;
}

}  // namespace

boost::json::value ClientResponse::Json() const {
  boost::system::error_code ec;
  boost::json::value value = boost::json::parse(body, ec);
  return ec ? boost::json::value() : value;
}

// Every operation is asynchronous with a tcp_stream deadline, run to
// completion on a private io_context: a synchronous call with a timeout.
struct HttpClient::Impl {
  explicit Impl(uint16_t port) : port(port) {}

  // Runs `start(handler)` until the handler is called; returns its error.
  template <typename Start>
  beast::error_code Run(Start start) {
    beast::error_code result;
    start([&result](beast::error_code ec, auto&&...) { result = ec; });
    io_context.restart();
    io_context.run();
    return result;
  }

  // Returns true when the server has closed the kept-alive connection
  // (read side at EOF or failed), without consuming anything.
  bool PeerClosed() {
    char byte;
    ssize_t n = ::recv(stream.socket().native_handle(), &byte, 1,
                       MSG_PEEK | MSG_DONTWAIT);
    return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK);
  }

  beast::error_code EnsureConnected() {
    if (connected && PeerClosed()) Close();
    if (connected) return {};
    tcp::endpoint endpoint(net::ip::make_address("127.0.0.1"), port);
    stream.expires_after(timeout);
    beast::error_code ec = Run([&](auto handler) {
      stream.async_connect(endpoint, std::move(handler));
    });
    if (ec) return ec;
    connected = true;
    ++connections_opened;
    buffer.clear();
    return {};
  }

  void Close() {
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream.close();
    connected = false;
    buffer.clear();
  }

  uint16_t port;
  net::io_context io_context;
  beast::tcp_stream stream{io_context};
  beast::flat_buffer buffer;
  bool connected = false;
  bool expect_head_response = false;
  int connections_opened = 0;
  std::chrono::milliseconds timeout{10'000};
};

HttpClient::HttpClient(uint16_t port) : impl_(std::make_unique<Impl>(port)) {}
HttpClient::~HttpClient() = default;
HttpClient::HttpClient(HttpClient&&) noexcept = default;
HttpClient& HttpClient::operator=(HttpClient&&) noexcept = default;

ClientResponse HttpClient::Send(std::string_view method,
                                std::string_view target, std::string body,
                                const HeaderList& headers) {
  bhttp::request<bhttp::string_body> request;
  request.method_string(method);
  request.target(target);
  request.version(11);
  request.set(bhttp::field::host, "127.0.0.1:" + std::to_string(impl_->port));
  bool has_content_type = false;
  for (const auto& [name, value] : headers) {
    has_content_type |= http::EqualsIgnoreCase(name, "Content-Type");
    request.insert(name, value);
  }
  if (!body.empty() && !has_content_type) {
    request.set(bhttp::field::content_type, "application/json");
  }
  request.body() = std::move(body);
  request.prepare_payload();

  if (beast::error_code ec = impl_->EnsureConnected()) {
    return Failed("connect", ec);
  }
  impl_->stream.expires_after(impl_->timeout);
  beast::error_code ec = impl_->Run([&](auto handler) {
    bhttp::async_write(impl_->stream, request, std::move(handler));
  });
  if (ec) {
    impl_->Close();
    return Failed("write", ec);
  }
  impl_->expect_head_response = method == "HEAD";
  return ReadResponse();
}

Status HttpClient::SendRaw(std::string_view bytes) {
  beast::error_code ec = impl_->EnsureConnected();
  if (!ec) {
    impl_->stream.expires_after(impl_->timeout);
    ec = impl_->Run([&](auto handler) {
      net::async_write(impl_->stream, net::buffer(bytes.data(), bytes.size()),
                       std::move(handler));
    });
  }
  if (ec) {
    impl_->Close();
    return Error::Make(ErrorCode::kIoError, "send: " + ec.message());
  }
  return OkStatus();
}

ClientResponse HttpClient::ReadResponse() {
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(std::numeric_limits<std::uint64_t>::max());
  parser.skip(impl_->expect_head_response);
  impl_->expect_head_response = false;
  impl_->stream.expires_after(impl_->timeout);
  beast::error_code ec = impl_->Run([&](auto handler) {
    bhttp::async_read(impl_->stream, impl_->buffer, parser, std::move(handler));
  });
  if (ec) {
    impl_->Close();
    return Failed("read", ec);
  }
  bhttp::response<bhttp::string_body> message = parser.release();
  ClientResponse response;
  response.status = static_cast<int>(message.result_int());
  for (const auto& field : message) {
    response.headers.Add(std::string(field.name_string()),
                         std::string(field.value()));
  }
  response.body = std::move(message.body());
  if (!message.keep_alive()) impl_->Close();
  return response;
}

bool HttpClient::WaitForClose(std::chrono::milliseconds timeout) {
  if (!impl_->connected) return true;
  // poll() rather than a stream deadline: a timed-out tcp_stream closes
  // its socket, and the connection must stay usable when this says false.
  int fd = impl_->stream.socket().native_handle();
  Clock::time_point deadline = Clock::now() + timeout;
  while (true) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - Clock::now());
    pollfd polled{fd, POLLIN, 0};
    int ready = ::poll(&polled, 1,
                       static_cast<int>(std::max<int64_t>(0, left.count())));
    if (ready == 0) return false;
    if (ready < 0 && errno == EINTR) continue;
    char discard[4096];
    ssize_t n = ::recv(fd, discard, sizeof(discard), MSG_DONTWAIT);
    if (n > 0 || (n < 0 && (errno == EAGAIN || errno == EINTR))) continue;
    impl_->Close();
    return true;
  }
}

void HttpClient::Close() { impl_->Close(); }

int HttpClient::connections_opened() const { return impl_->connections_opened; }

std::chrono::milliseconds HttpClient::timeout() const { return impl_->timeout; }

void HttpClient::set_timeout(std::chrono::milliseconds timeout) {
  impl_->timeout = timeout;
}

}  // namespace keytrail::test
