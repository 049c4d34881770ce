#include "http/outbound_post.h"

#include <openssl/ssl.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/url/parse.hpp>

namespace keytrail::http {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

constexpr size_t kResponseBodyLimit = 64 * 1024;

struct Target {
  bool tls = false;
  std::string host;
  std::string port;
  std::string path;  // with the query
};

Result<Target> ParseTarget(const std::string& url) {
  auto parsed = boost::urls::parse_uri(url);
  if (!parsed) return Error::Invalid("url", "is not a URL");
  Target target;
  const std::string scheme(parsed->scheme());
  if (scheme != "http" && scheme != "https") {
    return Error::Invalid("url", "must be http or https");
  }
  target.tls = scheme == "https";
  target.host = std::string(parsed->host_address());
  target.port = parsed->has_port() ? std::string(parsed->port())
                                   : (target.tls ? "443" : "80");
  target.path = std::string(parsed->encoded_target());
  if (target.path.empty()) target.path = "/";
  if (target.host.empty()) return Error::Invalid("url", "has no host");
  return target;
}

Error Unavailable(std::string_view step, const beast::error_code& ec) {
  return Error::Make(ErrorCode::kUnavailable,
                     std::string(step) + ": " + ec.message());
}

// Starts one async operation with `start(handler)` and runs the context
// until it completes: a tcp_stream's expiry bounds async operations only.
template <typename Start>
beast::error_code RunOne(asio::io_context& io, Start&& start) {
  beast::error_code result;
  start([&result](beast::error_code ec, auto&&...) { result = ec; });
  io.restart();
  io.run();
  return result;
}

template <typename Stream>
Result<int> Exchange(asio::io_context& io, Stream& stream,
                     beast::tcp_stream& tcp, const OutboundPost& post,
                     const Target& target) {
  bhttp::request<bhttp::string_body> request{bhttp::verb::post, target.path,
                                             11};
  request.set(bhttp::field::host, target.host);
  request.set(bhttp::field::user_agent, "keytrail-webhooks");
  request.set(bhttp::field::content_type, "application/json");
  for (const auto& [name, value] : post.headers) request.set(name, value);
  request.body() = post.body;
  request.prepare_payload();
  tcp.expires_after(post.timeout);
  if (beast::error_code ec = RunOne(io, [&](auto handler) {
        bhttp::async_write(stream, request, std::move(handler));
      })) {
    return Unavailable("write", ec);
  }
  beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(kResponseBodyLimit);
  tcp.expires_after(post.timeout);
  if (beast::error_code ec = RunOne(io, [&](auto handler) {
        bhttp::async_read(stream, buffer, parser, std::move(handler));
      })) {
    return Unavailable("read", ec);
  }
  return static_cast<int>(parser.get().result_int());
}

}  // namespace

Result<int> PostJson(const OutboundPost& post) {
  Result<Target> target = ParseTarget(post.url);
  if (!target.ok()) return target.error();
  asio::io_context io;
  beast::error_code ec;
  tcp::resolver resolver(io);
  auto endpoints = resolver.resolve(target->host, target->port, ec);
  if (ec) return Unavailable("resolve", ec);
  if (!target->tls) {
    beast::tcp_stream stream(io);
    stream.expires_after(post.timeout);
    if (beast::error_code failed = RunOne(io, [&](auto handler) {
          stream.async_connect(endpoints, std::move(handler));
        })) {
      return Unavailable("connect", failed);
    }
    Result<int> status = Exchange(io, stream, stream, post, *target);
    stream.socket().shutdown(tcp::socket::shutdown_both, ec);
    return status;
  }
  asio::ssl::context tls(asio::ssl::context::tls_client);
  tls.set_default_verify_paths(ec);
  if (ec) return Unavailable("trust store", ec);
  if (!post.ca_file.empty()) {
    tls.load_verify_file(post.ca_file, ec);
    if (ec) return Unavailable("ca file", ec);
  }
  tls.set_verify_mode(asio::ssl::verify_peer);
  beast::ssl_stream<beast::tcp_stream> stream(io, tls);
  if (!SSL_set_tlsext_host_name(stream.native_handle(), target->host.c_str())) {
    return Error::Make(ErrorCode::kUnavailable, "tls: cannot set SNI");
  }
  stream.set_verify_callback(asio::ssl::host_name_verification(target->host));
  beast::tcp_stream& tcp = beast::get_lowest_layer(stream);
  tcp.expires_after(post.timeout);
  if (beast::error_code failed = RunOne(io, [&](auto handler) {
        tcp.async_connect(endpoints, std::move(handler));
      })) {
    return Unavailable("connect", failed);
  }
  tcp.expires_after(post.timeout);
  if (beast::error_code failed = RunOne(io, [&](auto handler) {
        stream.async_handshake(asio::ssl::stream_base::client,
                               std::move(handler));
      })) {
    return Unavailable("tls handshake", failed);
  }
  Result<int> status = Exchange(io, stream, tcp, post, *target);
  tcp.expires_after(post.timeout);
  // A peer that just closes instead of a TLS close_notify is fine.
  (void)RunOne(
      io, [&](auto handler) { stream.async_shutdown(std::move(handler)); });
  return status;
}

}  // namespace keytrail::http
