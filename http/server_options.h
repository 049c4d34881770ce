// ServerOptions: every limit and size of the HTTP server, with its default.
// Limits live here, not as literals in the code (see docs/deploy.md).
//
// Pipelining: a connection's requests are answered one at a time and in
// order; the session reads request N+1 only once response N is written, so
// a client cannot queue work or responses on the server (the pipeline depth
// is one by construction and needs no option).
#ifndef KEYTRAIL_HTTP_SERVER_OPTIONS_H_
#define KEYTRAIL_HTTP_SERVER_OPTIONS_H_

#include <chrono>
#include <cstddef>
#include <string>

namespace keytrail::http {

struct ServerOptions {
  // Where to listen, "host:port" or "[v6]:port". Port 0 picks a free port
  // (read it back with Server::port()).
  // Default: "127.0.0.1:8080".
  std::string listen = "127.0.0.1:8080";

  // Threads running the event loop: accepting, parsing, writing and the
  // handlers of non-blocking routes. 0 means one per CPU the process may
  // run on (base/available_cpus.h).
  // Default: 0.
  int io_threads = 0;

  // Threads running the handlers of routes marked `blocking` (those that
  // wait for a disk sync or a lock), so that I/O threads never wait.
  // Default: 64.
  int worker_threads = 64;

  // Largest request body; a larger one is answered 413 TOO_LARGE and the
  // connection is closed.
  // Default: 64 KiB.
  std::size_t body_limit = 64 * 1024;

  // Largest request line plus header fields; larger is answered 431
  // HEADERS_TOO_LARGE and the connection is closed.
  // Default: 8 KiB.
  std::size_t header_limit = 8 * 1024;

  // Time a client has to deliver one whole request, counted from when the
  // server starts waiting for it; this is also how long a keep-alive
  // connection may stay idle. A slow or idle client is then disconnected.
  // Default: 30 s.
  std::chrono::milliseconds read_timeout{30'000};

  // Time a client has to take one response off the wire.
  // Default: 30 s.
  std::chrono::milliseconds write_timeout{30'000};

  // After an error that ends a connection (413, 431, malformed request),
  // how long the server keeps reading and discarding what the client still
  // sends, so that the client reads the error instead of a reset.
  // Default: 2 s.
  std::chrono::milliseconds linger_timeout{2'000};

  // How long Server::Stop() waits for requests in flight to finish before
  // it closes the remaining connections.
  // Default: 10 s.
  std::chrono::milliseconds shutdown_timeout{10'000};
};

}  // namespace keytrail::http

#endif  // KEYTRAIL_HTTP_SERVER_OPTIONS_H_
