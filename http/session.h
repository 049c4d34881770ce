// Session: one HTTP/1.1 connection (Beast's async server shape).
//
//   Run → DoRead → OnReadHeader → [100 Continue] → DoReadBody → OnRead
//       → Dispatcher → SendResponse → OnWrite → DoRead | DoClose
//
// (OnReadHeader goes straight to the Dispatcher when the request has no
// body.) Every response head, streamed or not, is written from one buffer
// built by AppendResponseHead() (response_head.h).
//
// A fresh request_parser per message enforces ServerOptions::body_limit
// (413) and header_limit (431); both errors, and a malformed request (400),
// are answered and followed by a lingering close. Each request must arrive
// within read_timeout (also the keep-alive idle limit); a timed-out client
// is disconnected without a response. Requests on one connection are
// answered one at a time, in order.
//
// A response with a BodyStream (body_stream.h) is written as headers, then
// one chunk per piece, then the last chunk and a close:
//
//   SendResponse → StartStream → OnStreamHeader → NextPiece → OnPiece
//       → OnChunkWritten → NextPiece ... → EndStream → DoClose
//
// Thread safety: every member runs on the one I/O thread of the session's
// io_context (listener.h); Shutdown() may be called from any thread. The
// session owns itself through shared_from_this() held by its pending
// operations.
#ifndef KEYTRAIL_HTTP_SESSION_H_
#define KEYTRAIL_HTTP_SESSION_H_

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <memory>
#include <optional>
#include <string>

#include "http/connection_tracker.h"
#include "http/dispatcher.h"
#include "http/obs_fold_buffer.h"
#include "http/response.h"
#include "http/server_options.h"

namespace keytrail::http {

// A connection's socket and stream, bound to the io_context executor of
// one I/O thread (no type-erased executor, no strand: one thread runs it).
using SessionSocket =
    boost::asio::basic_stream_socket<boost::asio::ip::tcp,
                                     boost::asio::io_context::executor_type>;
using SessionStream =
    boost::beast::basic_stream<boost::asio::ip::tcp,
                               boost::asio::io_context::executor_type>;

// What every session of one server shares. Immutable once serving.
struct SessionContext {
  ServerOptions options;
  const Dispatcher* dispatcher = nullptr;  // outlives every running session
  std::shared_ptr<ConnectionTracker> tracker;
  Metrics* metrics = nullptr;  // optional; outlives every running session
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(SessionSocket&& socket,
          std::shared_ptr<const SessionContext> context);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // Registers with the tracker and starts reading. Call once.
  void Run();
  // Finishes the request in flight, if any, then closes; a connection
  // waiting for a request is closed at once. Thread-safe.
  void Shutdown();

 private:
  enum class State { kReading, kHandling, kWriting, kStreaming, kClosing };
  using Parser =
      boost::beast::http::request_parser<boost::beast::http::string_body>;

  void DoRead();
  void OnReadHeader(boost::beast::error_code ec, std::size_t bytes);
  void OnContinueWritten(boost::beast::error_code ec, std::size_t bytes);
  void DoReadBody();
  void OnRead(boost::beast::error_code ec, std::size_t bytes);
  void OnReadError(boost::beast::error_code ec);
  // The reason a parsed header section breaks RFC 9112 (obsolete line
  // folding, HTTP/1.1 without exactly one Host), or empty.
  std::string_view HeaderViolation() const;
  void HandleRequest();
  // Answers a request rejected before routing (413, 431, 400): logs it,
  // then writes `response`; `fatal` ends the connection after it.
  void Reject(Response response, bool fatal);
  // Writes `response`; `fatal` closes the connection after it (lingering).
  void SendResponse(Response response, bool fatal = false);
  void OnWrite(bool close, bool linger, boost::beast::error_code ec,
               std::size_t bytes);
  // Streams `response.stream` (body_stream.h), then closes.
  void StartStream(Response response);
  void OnStreamHeader(boost::beast::error_code ec, std::size_t bytes);
  void NextPiece();
  void OnPiece(std::optional<std::string> piece);
  void OnChunkWritten(boost::beast::error_code ec, std::size_t bytes);
  void EndStream();
  void DoClose();
  void DoLinger();
  void OnLinger(boost::beast::error_code ec, std::size_t bytes);
  void Fail(boost::beast::error_code ec, const char* what);

  SessionStream stream_;
  boost::beast::flat_buffer buffer_;
  ObsFoldBuffer header_reader_{buffer_};  // reads headers into buffer_
  std::shared_ptr<const SessionContext> context_;
  std::string peer_ip_;
  std::optional<Parser> parser_;
  // The response being written: its head (response_head.h), a buffer the
  // connection reuses, and its body, moved from the Response.
  std::string head_buffer_;
  std::string body_buffer_;
  std::shared_ptr<BodyStream> body_stream_;  // while kStreaming
  std::string chunk_;                        // the piece being written
  std::chrono::steady_clock::time_point read_deadline_;
  State state_ = State::kReading;
  bool stopping_ = false;     // Shutdown() was called
  bool keep_alive_ = true;    // of the request being answered
  bool head_ = false;         // the request being answered is HEAD
  unsigned version_ = 11;     // HTTP version of that request
  std::string method_ = "-";  // for the request line of early errors
};

}  // namespace keytrail::http

#endif  // KEYTRAIL_HTTP_SESSION_H_
