// KeytrailServer: the composition root of the keytrail service. It owns
// the data directory and everything opened from it, and registers every
// route on one http::Server.
//
// Open() creates the data directory, opens the KeytrailService (store,
// projections, vault, usage) and registers /healthz and every route of the
// service before Start(); Stop() ends HTTP traffic before the service (and
// so the store) is closed.
//
// Thread safety: Open(), Start(), Stop() and the destructor from one
// controlling thread; port() from any thread.
#ifndef KEYTRAIL_ROUTES_KEYTRAIL_SERVER_H_
#define KEYTRAIL_ROUTES_KEYTRAIL_SERVER_H_

#include <cstdint>
#include <filesystem>
#include <memory>

#include "base/result.h"
#include "routes/keytrail_service.h"
#include "http/metrics.h"
#include "http/server.h"
#include "http/server_options.h"

namespace keytrail::http {

struct KeytrailOptions {
  ServerOptions server;
  // Store durability and trusted proxies; service.data_dir is ignored in
  // favour of data_dir below.
  ServiceOptions service;
  // Where the event log and projections live; created when missing.
  // Default: "./data".
  std::filesystem::path data_dir = "data";
};

class KeytrailServer {
 public:
  // Creates `options.data_dir` when missing and registers all routes.
  // Fails with kIoError when the directory cannot be created, kInternal
  // when a route cannot be registered. Does not listen yet.
  static Result<std::unique_ptr<KeytrailServer>> Open(KeytrailOptions options);

  // Stops serving, then closes what Open() opened.
  ~KeytrailServer();
  KeytrailServer(const KeytrailServer&) = delete;
  KeytrailServer& operator=(const KeytrailServer&) = delete;

  // Binds and serves; see Server::Start().
  [[nodiscard]] Status Start() { return server_.Start(); }
  // Graceful stop; see Server::Stop(). Idempotent.
  void Stop() { server_.Stop(); }

  uint16_t port() const { return server_.port(); }
  // The operator secret created by this start on an empty data directory,
  // to print once; empty on every later start.
  const std::string& operator_secret() const {
    return service_->operator_secret();
  }
  KeytrailService& service() { return *service_; }
  const std::filesystem::path& data_dir() const { return options_.data_dir; }
  Server& http_server() { return server_; }
  Metrics& metrics() { return metrics_; }

 private:
  explicit KeytrailServer(KeytrailOptions options);
  Status RegisterRoutes();

  KeytrailOptions options_;
  Metrics metrics_;                           // outlives server_'s traffic
  std::unique_ptr<KeytrailService> service_;  // outlives server_'s traffic
  Server server_;
};

}  // namespace keytrail::http

#endif  // KEYTRAIL_ROUTES_KEYTRAIL_SERVER_H_
