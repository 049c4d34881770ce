// Server: the HTTP server. Owns the I/O threads, the worker pool for
// blocking handlers, the listener and the Router.
//
//   Server server(options);
//   Status added = server.router().Add({"GET", "/healthz", "health", ...});
//   Status started = server.Start();   // bind errors come back here
//   ... server.port() ...
//   server.Stop();                     // graceful
//
// Thread safety: register routes through router() before Start(); after
// Start() the router is read-only. Start() and Stop() are called from one
// controlling thread, never from a handler or an I/O thread. port() and
// open_connections() are thread-safe once started.
#ifndef KEYTRAIL_HTTP_SERVER_H_
#define KEYTRAIL_HTTP_SERVER_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "base/result.h"
#include "http/metrics.h"
#include "http/router.h"
#include "http/server_options.h"

namespace keytrail::http {

class Server {
 public:
  explicit Server(ServerOptions options);
  // Stops the server if it is running.
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  const ServerOptions& options() const;
  // REQUIRES: Start() has not been called.
  Router& router();
  const Router& router() const;
  // Counts every request in `metrics` (metrics.h), which must outlive the
  // server. REQUIRES: Start() has not been called.
  void set_metrics(Metrics* metrics);

  // Binds options().listen and starts serving. Fails with kInvalid for a
  // bad listen address or option, kUnavailable when the address cannot be
  // bound, kInternal when called twice. On failure nothing is left running.
  [[nodiscard]] Status Start();

  // Graceful shutdown: stops accepting, lets requests in flight finish and
  // closes idle connections, waits up to options().shutdown_timeout for
  // every connection to end, then stops the threads and returns. Blocking
  // handlers still running after the timeout are waited for. Idempotent.
  void Stop();

  // The bound port (the real one when options().listen asked for port 0);
  // 0 before Start().
  uint16_t port() const;
  // The bound address, "127.0.0.1:8080"; empty before Start().
  std::string local_address() const;
  // Connections open right now.
  std::size_t open_connections() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace keytrail::http

#endif  // KEYTRAIL_HTTP_SERVER_H_
