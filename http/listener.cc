#include "http/listener.h"

#include <boost/asio/dispatch.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <charconv>

#include "base/log.h"

namespace keytrail::http {

namespace beast = boost::beast;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

constexpr std::chrono::milliseconds kAcceptRetryDelay{50};

}  // namespace

Result<tcp::endpoint> ResolveListenAddress(std::string_view listen) {
  auto invalid = [listen](std::string why) {
    Error error = Error::Invalid("listen", why);
    error.message = "listen address \"" + std::string(listen) + "\" " + why;
    return error;
  };
  std::size_t colon = listen.rfind(':');
  if (colon == std::string_view::npos) return invalid("has no :port");
  std::string_view host = listen.substr(0, colon);
  std::string_view port_text = listen.substr(colon + 1);
  unsigned port = 0;
  auto [end, parse_error] = std::from_chars(
      port_text.data(), port_text.data() + port_text.size(), port);
  if (parse_error != std::errc() ||
      end != port_text.data() + port_text.size() || port > 65535) {
    return invalid("has a bad port");
  }
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  if (host.empty()) host = "0.0.0.0";
  beast::error_code ec;
  net::ip::address address = net::ip::make_address(host, ec);
  if (!ec) return tcp::endpoint(address, static_cast<unsigned short>(port));
  net::io_context io_context;
  tcp::resolver resolver(io_context);
  auto results = resolver.resolve(host, port_text, ec);
  if (ec || results.empty()) return invalid("does not resolve");
  return results.begin()->endpoint();
}

Result<std::shared_ptr<Listener>> Listener::Open(
    std::vector<net::io_context*> session_contexts,
    const tcp::endpoint& endpoint,
    std::shared_ptr<const SessionContext> context) {
  auto listener = std::make_shared<Listener>(std::move(session_contexts),
                                             std::move(context));
  tcp::acceptor& acceptor = listener->acceptor_;
  beast::error_code ec;
  auto failed = [&endpoint, &ec](std::string_view what) {
    return Error::Make(
        ErrorCode::kUnavailable,
        std::string(what) + " " + endpoint.address().to_string() + ":" +
            std::to_string(endpoint.port()) + ": " + ec.message());
  };
  acceptor.open(endpoint.protocol(), ec);
  if (ec) return failed("cannot open");
  acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (ec) return failed("cannot set reuse_address on");
  acceptor.bind(endpoint, ec);
  if (ec) return failed("cannot bind");
  acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) return failed("cannot listen on");
  listener->endpoint_ = acceptor.local_endpoint(ec);
  if (ec) return failed("cannot read the address of");
  return listener;
}

Listener::Listener(std::vector<net::io_context*> session_contexts,
                   std::shared_ptr<const SessionContext> context)
    : session_contexts_(std::move(session_contexts)),
      acceptor_(*session_contexts_.at(0)),
      retry_timer_(*session_contexts_.at(0)),
      context_(std::move(context)) {}

void Listener::Run() {
  net::dispatch(
      acceptor_.get_executor(),
      beast::bind_front_handler(&Listener::DoAccept, shared_from_this()));
}

void Listener::Stop() {
  net::dispatch(acceptor_.get_executor(), [self = shared_from_this()] {
    beast::error_code ignored;
    self->acceptor_.close(ignored);
    self->retry_timer_.cancel();
  });
}

void Listener::DoAccept() {
  if (!acceptor_.is_open()) return;
  net::io_context& next = *session_contexts_[next_context_];
  next_context_ = (next_context_ + 1) % session_contexts_.size();
  acceptor_.async_accept(
      next, beast::bind_front_handler(&Listener::OnAccept, shared_from_this()));
}

void Listener::OnAccept(beast::error_code ec, SessionSocket socket) {
  if (ec == net::error::operation_aborted) return;  // Stop()
  if (ec) {
    // E.g. too many open files: wait a little rather than spin, since the
    // next accept would most likely fail the same way at once.
    Log(spdlog::level::warn, "accept failed", {{"error", ec.message()}});
    retry_timer_.expires_after(kAcceptRetryDelay);
    retry_timer_.async_wait(
        [self = shared_from_this()](beast::error_code) { self->DoAccept(); });
    return;
  }
  socket.set_option(tcp::no_delay(true), ec);
  std::make_shared<Session>(std::move(socket), context_)->Run();
  DoAccept();
}

}  // namespace keytrail::http
