// Dispatcher: request → response, apart from any connection code.
//
// Looks the request up in the Router; answers 404/405 problems for unknown
// paths and methods; runs the handler of a blocking route through
// `run_blocking` (the server's worker pool) and any other handler inline,
// again through `run_blocking` when it answers Response::RunOnWorker();
// answers a handler's exception as a 500; sets X-Request-Id; logs the one
// request line (method, route pattern, status, latency, request id).
//
// Thread-safe. Borrows the router, which must outlive the dispatcher.
#ifndef KEYTRAIL_HTTP_DISPATCHER_H_
#define KEYTRAIL_HTTP_DISPATCHER_H_

#include <functional>

#include "http/metrics.h"
#include "http/request.h"
#include "http/response.h"
#include "http/router.h"

namespace keytrail::http {

class Dispatcher {
 public:
  using Done = std::function<void(Response)>;
  // Runs a task on another thread (the worker pool).
  using RunBlocking = std::function<void(std::function<void()>)>;

  // `metrics`, when given, counts every answer by route name; it must
  // outlive the dispatcher.
  Dispatcher(const Router* router, RunBlocking run_blocking,
             Metrics* metrics = nullptr)
      : router_(router),
        run_blocking_(std::move(run_blocking)),
        metrics_(metrics) {}

  // Answers `request` by calling `done` exactly once: on the calling thread
  // unless the route is blocking, then on a worker thread. Fills
  // request_id (when empty) and path_params.
  void Dispatch(Request request, Done done) const;

 private:
  const Router* router_;
  RunBlocking run_blocking_;
  Metrics* metrics_;
};

}  // namespace keytrail::http

#endif  // KEYTRAIL_HTTP_DISPATCHER_H_
