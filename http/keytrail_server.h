// KeytrailServer: the composition root of the keytrail service. It owns
// the data directory and everything opened from it, and registers every
// route on one http::Server.
//
// Today it creates the data directory and serves /healthz; the event
// store, projections and management/verification routes are opened and
// registered here as they land (in Open(), before Start()), so that their
// lifetimes are tied to this one object: routes are registered before
// Start(), and Stop() ends HTTP traffic before the store is closed.
//
// Thread safety: Open(), Start(), Stop() and the destructor from one
// controlling thread; port() from any thread.
#ifndef KEYTRAIL_HTTP_KEYTRAIL_SERVER_H_
#define KEYTRAIL_HTTP_KEYTRAIL_SERVER_H_

#include <cstdint>
#include <filesystem>
#include <memory>

#include "domain/result.h"
#include "http/server.h"
#include "http/server_options.h"

namespace keytrail::http {

struct KeytrailOptions {
  ServerOptions server;
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
  const std::filesystem::path& data_dir() const { return options_.data_dir; }
  Server& http_server() { return server_; }

 private:
  explicit KeytrailServer(KeytrailOptions options);
  Status RegisterRoutes();

  KeytrailOptions options_;
  Server server_;
};

}  // namespace keytrail::http

#endif  // KEYTRAIL_HTTP_KEYTRAIL_SERVER_H_
