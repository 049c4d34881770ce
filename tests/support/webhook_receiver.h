// WebhookReceiver: a real HTTP endpoint for webhook tests, a plain Beast
// server on 127.0.0.1 (an ephemeral port) in its own thread, or an HTTPS
// one with the certificate it is given (test_certificate.h). It records
// every request it is sent and answers each with the next status of a
// script (then 200).
//
//   WebhookReceiver receiver({500});  // the first request gets a 500
//   ... receiver.url() ...
//   receiver.WaitFor(2, 15s);         // true once two requests came
//
// Thread-safe: the accessors may be called while requests arrive.
#ifndef KEYTRAIL_TESTS_SUPPORT_WEBHOOK_RECEIVER_H_
#define KEYTRAIL_TESTS_SUPPORT_WEBHOOK_RECEIVER_H_

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/test_certificate.h"

namespace keytrail::test {

struct ReceivedRequest {
  std::string target;
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;
  int answered = 0;  // the status it was answered with
};

class WebhookReceiver {
 public:
  explicit WebhookReceiver(std::vector<int> script = {});
  // HTTPS with this certificate and key (PEM files).
  WebhookReceiver(std::vector<int> script, const CertificateFiles& tls);
  ~WebhookReceiver();
  WebhookReceiver(const WebhookReceiver&) = delete;
  WebhookReceiver& operator=(const WebhookReceiver&) = delete;

  // "http://127.0.0.1:<port>/hook" ("https://..." with TLS).
  std::string url() const;
  // Answers the next requests with `statuses` (then 200).
  void Script(std::vector<int> statuses);
  // Waits until `count` requests have come; false after `timeout`.
  bool WaitFor(size_t count, std::chrono::milliseconds timeout);
  std::vector<ReceivedRequest> requests() const;

 private:
  void Serve();
  void Answer(boost::asio::ip::tcp::socket socket);
  // Reads one request from `stream` and answers it.
  template <typename Stream>
  void Exchange(Stream& stream);

  boost::asio::io_context io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  std::unique_ptr<boost::asio::ssl::context> tls_;  // null: plain HTTP
  mutable std::mutex mu_;
  std::condition_variable arrived_;
  std::deque<int> script_;                 // guarded by mu_
  std::vector<ReceivedRequest> requests_;  // guarded by mu_
  bool stopping_ = false;                  // guarded by mu_
  std::thread thread_;
};

}  // namespace keytrail::test

#endif  // KEYTRAIL_TESTS_SUPPORT_WEBHOOK_RECEIVER_H_
