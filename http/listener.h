// Listener: accepts connections and starts one Session for each, every
// session on its own strand (Beast's async server shape).
//
// Thread safety: Run() once after Open(); Stop() from any thread.
#ifndef KEYTRAIL_HTTP_LISTENER_H_
#define KEYTRAIL_HTTP_LISTENER_H_

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core/error.hpp>
#include <memory>
#include <string_view>

#include "domain/result.h"
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
  static Result<std::shared_ptr<Listener>> Open(
      boost::asio::io_context& io_context,
      const boost::asio::ip::tcp::endpoint& endpoint,
      std::shared_ptr<const SessionContext> context);

  Listener(boost::asio::io_context& io_context,
           std::shared_ptr<const SessionContext> context);

  // The bound address; its port is the real one when 0 was asked for.
  boost::asio::ip::tcp::endpoint local_endpoint() const { return endpoint_; }

  // Starts accepting.
  void Run();
  // Stops accepting; sessions already open carry on. Thread-safe.
  void Stop();

 private:
  void DoAccept();
  void OnAccept(boost::beast::error_code ec,
                boost::asio::ip::tcp::socket socket);

  boost::asio::io_context& io_context_;
  boost::asio::strand<boost::asio::io_context::executor_type> strand_;
  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::steady_timer retry_timer_;  // backs off after accept errors
  boost::asio::ip::tcp::endpoint endpoint_;
  std::shared_ptr<const SessionContext> context_;
};

}  // namespace keytrail::http

#endif  // KEYTRAIL_HTTP_LISTENER_H_
