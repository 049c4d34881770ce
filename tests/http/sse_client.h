// SseClient: reads a Server-Sent Events response (GET /v1/audit/stream) as
// it arrives, for tests: one connection, the request sent at construction,
// the chunked body collected into text() by ReadUntil().
//
// Not thread-safe; every call gives up after its timeout.
#ifndef KEYTRAIL_TESTS_HTTP_SSE_CLIENT_H_
#define KEYTRAIL_TESTS_HTTP_SSE_CLIENT_H_

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <functional>
#include <string>
#include <string_view>

#include "tests/support/http_client.h"

namespace keytrail::test {

class SseClient {
 public:
  SseClient(uint16_t port, const std::string& target, const HeaderList& headers)
      : stream_(ioc_) {
    namespace bhttp = boost::beast::http;
    parser_.body_limit(boost::none);
    on_chunk_ = [this](std::uint64_t, std::string_view body,
                       boost::beast::error_code&) {
      text_.append(body);
      return body.size();
    };
    parser_.on_chunk_body(on_chunk_);  // the parser keeps a reference
    boost::beast::error_code ec;
    stream_.connect({boost::asio::ip::make_address("127.0.0.1"), port}, ec);
    bhttp::request<bhttp::empty_body> request(bhttp::verb::get, target, 11);
    request.set(bhttp::field::host, "127.0.0.1");
    for (const auto& [name, value] : headers) request.set(name, value);
    if (!ec) bhttp::write(stream_, request, ec);
    if (!ec)
      Run([&](auto done) {
        bhttp::async_read_header(stream_, buffer_, parser_, done);
      });
  }

  SseClient(const SseClient&) = delete;  // the parser points into it
  SseClient& operator=(const SseClient&) = delete;

  int status() const {
    return parser_.is_header_done() ? parser_.get().result_int() : 0;
  }
  std::string header(std::string_view name) const {
    return parser_.is_header_done()
               ? std::string(parser_.get()[boost::beast::string_view(
                     name.data(), name.size())])
               : "";
  }
  const std::string& text() const { return text_; }
  bool ended() const { return parser_.is_done() || closed_; }

  // Reads until text() holds `needle`, the stream ends or `timeout` passed.
  bool ReadUntil(std::string_view needle, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (text_.find(needle) == std::string::npos && !ended()) {
      const auto left = deadline - std::chrono::steady_clock::now();
      if (left <= std::chrono::milliseconds(0)) return false;
      if (!Run(
              [&](auto done) {
                boost::beast::http::async_read_some(stream_, buffer_, parser_,
                                                    done);
              },
              std::chrono::duration_cast<std::chrono::milliseconds>(left))) {
        closed_ = true;
      }
    }
    return text_.find(needle) != std::string::npos;
  }

 private:
  // Runs one async operation for at most `timeout`; false on an error.
  template <typename Start>
  bool Run(Start start, std::chrono::milliseconds timeout =
                            std::chrono::milliseconds(5000)) {
    bool finished = false;
    boost::beast::error_code result;
    start([&](boost::beast::error_code ec, std::size_t) {
      finished = true;
      result = ec;
    });
    ioc_.restart();
    ioc_.run_for(timeout);
    if (!finished) {
      stream_.cancel();
      ioc_.restart();
      ioc_.run();
      return true;  // timed out, not failed
    }
    return !result;
  }

  boost::asio::io_context ioc_;
  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
  boost::beast::http::response_parser<boost::beast::http::empty_body> parser_;
  std::function<std::size_t(std::uint64_t, std::string_view,
                            boost::beast::error_code&)>
      on_chunk_;
  std::string text_;
  bool closed_ = false;
};

}  // namespace keytrail::test

#endif  // KEYTRAIL_TESTS_HTTP_SSE_CLIENT_H_
