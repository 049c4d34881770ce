#include "tests/support/webhook_receiver.h"

#include <boost/asio/ip/address.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <cctype>

namespace keytrail::test {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

WebhookReceiver::WebhookReceiver(std::vector<int> script)
    : acceptor_(io_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)),
      script_(script.begin(), script.end()) {
  thread_ = std::thread([this] { Serve(); });
}

WebhookReceiver::WebhookReceiver(std::vector<int> script,
                                 const CertificateFiles& tls)
    : acceptor_(io_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)),
      tls_(
          std::make_unique<asio::ssl::context>(asio::ssl::context::tls_server)),
      script_(script.begin(), script.end()) {
  tls_->use_certificate_chain_file(tls.certificate.string());
  tls_->use_private_key_file(tls.private_key.string(), asio::ssl::context::pem);
  thread_ = std::thread([this] { Serve(); });
}

WebhookReceiver::~WebhookReceiver() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  beast::error_code ec;
  // Wakes the blocking accept: a connection to ourselves.
  tcp::socket poke(io_);
  poke.connect(acceptor_.local_endpoint(), ec);
  thread_.join();
}

std::string WebhookReceiver::url() const {
  return std::string(tls_ ? "https" : "http") +
         "://127.0.0.1:" + std::to_string(acceptor_.local_endpoint().port()) +
         "/hook";
}

void WebhookReceiver::Script(std::vector<int> statuses) {
  std::lock_guard lock(mu_);
  script_.assign(statuses.begin(), statuses.end());
}

bool WebhookReceiver::WaitFor(size_t count, std::chrono::milliseconds timeout) {
  std::unique_lock lock(mu_);
  return arrived_.wait_for(lock, timeout,
                           [&] { return requests_.size() >= count; });
}

std::vector<ReceivedRequest> WebhookReceiver::requests() const {
  std::lock_guard lock(mu_);
  return requests_;
}

void WebhookReceiver::Serve() {
  while (true) {
    beast::error_code ec;
    tcp::socket socket(io_);
    acceptor_.accept(socket, ec);
    {
      std::lock_guard lock(mu_);
      if (stopping_) return;
    }
    if (!ec) Answer(std::move(socket));
  }
}

// One request per connection (the deliverer opens one per POST).
void WebhookReceiver::Answer(tcp::socket socket) {
  if (!tls_) {
    Exchange(socket);
    beast::error_code ec;
    socket.shutdown(tcp::socket::shutdown_both, ec);
    return;
  }
  beast::ssl_stream<tcp::socket&> stream(socket, *tls_);
  beast::error_code ec;
  stream.handshake(asio::ssl::stream_base::server, ec);
  if (ec) return;  // e.g. a client that does not trust the certificate
  Exchange(stream);
  stream.shutdown(ec);
}

template <typename Stream>
void WebhookReceiver::Exchange(Stream& stream) {
  beast::error_code ec;
  beast::flat_buffer buffer;
  bhttp::request<bhttp::string_body> request;
  bhttp::read(stream, buffer, request, ec);
  if (ec) return;
  ReceivedRequest received;
  received.target = std::string(request.target());
  for (const auto& field : request) {
    std::string name(field.name_string());
    for (char& c : name) c = static_cast<char>(std::tolower(c));
    received.headers[name] = std::string(field.value());
  }
  received.body = request.body();
  {
    std::lock_guard lock(mu_);
    received.answered = 200;
    if (!script_.empty()) {
      received.answered = script_.front();
      script_.pop_front();
    }
  }
  bhttp::response<bhttp::string_body> response{
      static_cast<bhttp::status>(received.answered), 11};
  response.body() = "{}";
  response.set(bhttp::field::content_type, "application/json");
  response.prepare_payload();
  response.keep_alive(false);
  {
    std::lock_guard lock(mu_);
    requests_.push_back(std::move(received));
  }
  arrived_.notify_all();
  bhttp::write(stream, response, ec);
}

}  // namespace keytrail::test
