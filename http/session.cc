#include "http/session.h"

#include <array>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/http/chunk_encode.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>

#include "base/log.h"
#include "http/problem.h"
#include "http/request.h"
#include "http/response_head.h"

namespace keytrail::http {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
// Read size while discarding input before a lingering close.
constexpr std::size_t kLingerChunk = 16 * 1024;
// The route logged for requests rejected before routing.
constexpr std::string_view kRejectedRoute = "-";

std::string PeerIp(const SessionSocket& socket) {
  beast::error_code ec;
  tcp::endpoint endpoint = socket.remote_endpoint(ec);
  if (ec) return "";
  net::ip::address address = endpoint.address();
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    return net::ip::make_address_v4(net::ip::v4_mapped, address.to_v6())
        .to_string();
  }
  return address.to_string();
}

bool IsHttpParseError(beast::error_code ec) {
  return ec.category() ==
         bhttp::make_error_code(bhttp::error::bad_method).category();
}

}  // namespace

Session::Session(SessionSocket&& socket,
                 std::shared_ptr<const SessionContext> context)
    : stream_(std::move(socket)),
      context_(std::move(context)),
      peer_ip_(PeerIp(stream_.socket())) {}

Session::~Session() { context_->tracker->Remove(this); }

void Session::Run() {
  context_->tracker->Add(shared_from_this());
  net::dispatch(
      stream_.get_executor(),
      beast::bind_front_handler(&Session::DoRead, shared_from_this()));
}

void Session::Shutdown() {
  net::post(stream_.get_executor(), [self = shared_from_this()] {
    self->stopping_ = true;
    if (self->state_ == State::kReading) self->stream_.cancel();
    if (self->state_ == State::kStreaming) self->body_stream_->Cancel();
  });
}

void Session::DoRead() {
  if (stopping_) return DoClose();
  state_ = State::kReading;
  method_ = "-";
  parser_.emplace();
  parser_->body_limit(context_->options.body_limit);
  parser_->header_limit(
      static_cast<std::uint32_t>(context_->options.header_limit));
  read_deadline_ =
      std::chrono::steady_clock::now() + context_->options.read_timeout;
  stream_.expires_at(read_deadline_);
  bhttp::async_read_header(
      stream_, buffer_, *parser_,
      beast::bind_front_handler(&Session::OnReadHeader, shared_from_this()));
}

void Session::OnReadHeader(beast::error_code ec, std::size_t) {
  if (ec) return OnReadError(ec);
  const auto& header = parser_->get();
  method_ = std::string(header.method_string());
  if (header.version() >= 11 && !parser_->is_done() &&
      EqualsIgnoreCase(header[bhttp::field::expect], "100-continue")) {
    stream_.expires_at(read_deadline_);
    net::async_write(stream_, net::buffer(kContinue.data(), kContinue.size()),
                     beast::bind_front_handler(&Session::OnContinueWritten,
                                               shared_from_this()));
    return;
  }
  // A request without a body (most of them) is complete already; going
  // through async_read would only cost a round trip through the executor.
  if (parser_->is_done()) return HandleRequest();
  DoReadBody();
}

void Session::OnContinueWritten(beast::error_code ec, std::size_t) {
  if (ec) return Fail(ec, "write continue");
  DoReadBody();
}

void Session::DoReadBody() {
  stream_.expires_at(read_deadline_);
  bhttp::async_read(
      stream_, buffer_, *parser_,
      beast::bind_front_handler(&Session::OnRead, shared_from_this()));
}

void Session::OnRead(beast::error_code ec, std::size_t) {
  if (ec) return OnReadError(ec);
  HandleRequest();
}

void Session::OnReadError(beast::error_code ec) {
  if (ec == bhttp::error::end_of_stream) return DoClose();
  if (ec == bhttp::error::body_limit) {
    return Reject(BodyTooLargeProblem(context_->options.body_limit), true);
  }
  if (ec == bhttp::error::header_limit) {
    return Reject(HeadersTooLargeProblem(context_->options.header_limit), true);
  }
  if (IsHttpParseError(ec) && ec != bhttp::error::partial_message) {
    return Reject(ProblemResponse(Error::Make(ErrorCode::kInvalid,
                                              "Malformed HTTP request.")),
                  true);
  }
  // A timeout, a reset, a client gone mid-request or Shutdown(): the
  // stream is closed or about to be; nothing to answer.
  Fail(ec, "read");
}

void Session::HandleRequest() {
  state_ = State::kHandling;
  bhttp::request<bhttp::string_body> message = parser_->release();
  keep_alive_ = message.keep_alive();
  version_ = message.version();
  head_ = message.method() == bhttp::verb::head;
  auto request = MakeRequest(std::string(message.method_string()),
                             std::string(message.target()));
  if (!request.ok()) return Reject(ProblemResponse(request.error()), false);
  for (const auto& field : message) {
    request->headers.Add(std::string(field.name_string()),
                         std::string(field.value()));
  }
  request->body = std::move(message.body());
  request->peer_ip = peer_ip_;
  context_->dispatcher->Dispatch(
      std::move(request).value(), [self = shared_from_this()](Response r) {
        net::dispatch(self->stream_.get_executor(),
                      [self, response = std::move(r)]() mutable {
                        self->SendResponse(std::move(response));
                      });
      });
}

void Session::Reject(Response response, bool fatal) {
  std::string request_id = NewRequestId();
  response.headers.Set("X-Request-Id", request_id);
  LogRequest(method_, kRejectedRoute, response.status, 0, request_id);
  if (context_->metrics != nullptr) {
    context_->metrics->ObserveRequest("rejected", response.status, {});
  }
  if (fatal) {
    keep_alive_ = false;
    head_ = false;
  }
  SendResponse(std::move(response), fatal);
}

void Session::SendResponse(Response response, bool fatal) {
  if (response.stream != nullptr) {
    if (!head_ && !fatal) return StartStream(std::move(response));
    response.stream->Cancel();  // HEAD: the headers only
  }
  state_ = State::kWriting;
  bool close = fatal || !keep_alive_ || stopping_;
  head_buffer_.clear();
  AppendResponseHead(response, {.version = version_, .keep_alive = !close},
                     head_buffer_);
  if (head_ || StatusHasNoBody(response.status)) {
    body_buffer_.clear();
  } else {
    body_buffer_ = std::move(response.body);  // written as is, no copy
  }
  stream_.expires_after(context_->options.write_timeout);
  net::async_write(stream_,
                   std::array<net::const_buffer, 2>{net::buffer(head_buffer_),
                                                    net::buffer(body_buffer_)},
                   beast::bind_front_handler(&Session::OnWrite,
                                             shared_from_this(), close, fatal));
}

void Session::OnWrite(bool close, bool linger, beast::error_code ec,
                      std::size_t) {
  if (ec) return Fail(ec, "write");
  // The next response brings a body of its own; this one's memory need not
  // wait for it (an idle keep-alive connection would pin it).
  std::string().swap(body_buffer_);
  if (linger) return DoLinger();
  if (close) return DoClose();
  DoRead();
}

void Session::StartStream(Response response) {
  state_ = State::kStreaming;
  body_stream_ = std::move(response.stream);
  head_buffer_.clear();
  AppendResponseHead(
      response, {.version = version_, .keep_alive = false, .chunked = true},
      head_buffer_);
  stream_.expires_after(context_->options.write_timeout);
  net::async_write(
      stream_, net::buffer(head_buffer_),
      beast::bind_front_handler(&Session::OnStreamHeader, shared_from_this()));
}

void Session::OnStreamHeader(beast::error_code ec, std::size_t) {
  if (ec) {
    body_stream_->Cancel();
    return Fail(ec, "write stream header");
  }
  NextPiece();
}

void Session::NextPiece() {
  if (stopping_) return EndStream();
  // No deadline while the stream has nothing to say; each write has one.
  stream_.expires_never();
  body_stream_->Next(
      [self = shared_from_this()](std::optional<std::string> piece) {
        net::dispatch(self->stream_.get_executor(),
                      [self, piece = std::move(piece)]() mutable {
                        self->OnPiece(std::move(piece));
                      });
      });
}

void Session::OnPiece(std::optional<std::string> piece) {
  if (!piece || stopping_) return EndStream();
  if (piece->empty()) return NextPiece();
  chunk_ = std::move(*piece);
  stream_.expires_after(context_->options.write_timeout);
  net::async_write(
      stream_, bhttp::make_chunk(net::buffer(chunk_)),
      beast::bind_front_handler(&Session::OnChunkWritten, shared_from_this()));
}

void Session::OnChunkWritten(beast::error_code ec, std::size_t) {
  if (ec) {
    body_stream_->Cancel();
    return Fail(ec, "write stream");
  }
  NextPiece();
}

void Session::EndStream() {
  body_stream_->Cancel();
  stream_.expires_after(context_->options.write_timeout);
  net::async_write(
      stream_, bhttp::make_chunk_last(),
      [self = shared_from_this()](beast::error_code ec, std::size_t) {
        if (ec) return self->Fail(ec, "write last chunk");
        self->DoClose();
      });
}

void Session::DoClose() {
  state_ = State::kClosing;
  beast::error_code ec;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
  // The socket closes when the last handler lets go of the session.
}

void Session::DoLinger() {
  state_ = State::kClosing;
  beast::error_code ec;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
  if (ec) return;
  stream_.expires_after(context_->options.linger_timeout);
  buffer_.clear();
  stream_.async_read_some(
      buffer_.prepare(kLingerChunk),
      beast::bind_front_handler(&Session::OnLinger, shared_from_this()));
}

void Session::OnLinger(beast::error_code ec, std::size_t) {
  if (ec) return;  // EOF, reset or linger_timeout: done either way
  buffer_.clear();
  stream_.async_read_some(
      buffer_.prepare(kLingerChunk),
      beast::bind_front_handler(&Session::OnLinger, shared_from_this()));
}

void Session::Fail(beast::error_code ec, const char* what) {
  if (ec == net::error::operation_aborted) return;
  Log(spdlog::level::debug, "connection closed",
      {{"op", what}, {"error", ec.message()}, {"peer", peer_ip_}});
}

}  // namespace keytrail::http
