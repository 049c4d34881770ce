// Listener: accepts connections and starts one Session for each. Each I/O
// thread runs an io_context of its own; the listener hands accepted
// connections to those contexts in turn, so a session lives on one thread
// for its whole life and needs no strand, and no two I/O threads share a
// scheduler queue (no cross-thread wake-ups on the request path).
//
// Thread safety: Run() once after Open(); Stop() from any thread.
#ifndef KEYTRAIL_HTTP_LISTENER_H_
#define KEYTRAIL_HTTP_LISTENER_H_

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/error.hpp>
#include <memory>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "http/session.h"

namespace keytrail::http {

// Returns the endpoint for "host:port", "[v6]:port" or ":port" (all IPv4
// interfaces); a host name is resolved. Fails with kInvalid.
Result<boost::asio::ip::tcp::endpoint> ResolveListenAddress(
    std::string_view listen);

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  // Opens, binds and listens on `endpoint`. Fails with kUnavailable when
  // the address cannot be bound (in use, not local, not permitted).
  // The acceptor runs on session_contexts[0]; sessions go to each of
  // `session_contexts` in turn. Every context outlives the listener.
  static Result<std::shared_ptr<Listener>> Open(
      std::vector<boost::asio::io_context*> session_contexts,
      const boost::asio::ip::tcp::endpoint& endpoint,
      std::shared_ptr<const SessionContext> context);

  Listener(std::vector<boost::asio::io_context*> session_contexts,
           std::shared_ptr<const SessionContext> context);

  // The bound address; its port is the real one when 0 was asked for.
  boost::asio::ip::tcp::endpoint local_endpoint() const { return endpoint_; }

  // Starts accepting.
  void Run();
  // Stops accepting; sessions already open carry on. Thread-safe.
  void Stop();

 private:
  void DoAccept();
  void OnAccept(boost::beast::error_code ec, SessionSocket socket);

  const std::vector<boost::asio::io_context*> session_contexts_;
  size_t next_context_ = 0;  // the context of the next session
  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::steady_timer retry_timer_;  // backs off after accept errors
  boost::asio::ip::tcp::endpoint endpoint_;
  std::shared_ptr<const SessionContext> context_;
};

}  // namespace keytrail::http

#endif  // KEYTRAIL_HTTP_LISTENER_H_
