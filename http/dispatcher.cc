#include "http/dispatcher.h"

#include <chrono>
#include <exception>
#include <memory>

#include "base/log.h"
#include "http/problem.h"

namespace keytrail::http {

namespace {

using Clock = std::chrono::steady_clock;

constexpr std::string_view kUnmatchedRoute = "unmatched";

Response Invoke(const Route& route, const Request& request) {
  RequestLogScope scope(request.request_id);
  try {
    return route.handler(request);
  } catch (const std::exception& e) {
    return ProblemResponse(
        Error::Make(ErrorCode::kInternal, route.name + " threw: " + e.what()));
  } catch (...) {
    return ProblemResponse(
        Error::Make(ErrorCode::kInternal, route.name + " threw"));
  }
}

void Finish(const Request& request, std::string_view route,
            std::string_view name, Metrics* metrics, Clock::time_point start,
            Response response, const Dispatcher::Done& done) {
  response.headers.Set("X-Request-Id", request.request_id);
  auto latency = std::chrono::duration_cast<std::chrono::microseconds>(
      Clock::now() - start);
  LogRequest(request.method, route, response.status, latency.count(),
             request.request_id);
  if (metrics != nullptr)
    metrics->ObserveRequest(name, response.status, latency);
  done(std::move(response));
}

}  // namespace

void Dispatcher::Dispatch(Request request, Done done) const {
  Clock::time_point start = Clock::now();
  if (request.request_id.empty()) request.request_id = NewRequestId();
  RouteMatch match = router_->Find(request.method, request.target);
  switch (match.kind) {
    case RouteMatch::Kind::kNotFound:
      return Finish(request, kUnmatchedRoute, kUnmatchedRoute, metrics_, start,
                    RouteNotFoundProblem(), done);
    case RouteMatch::Kind::kMethodNotAllowed:
      return Finish(request, kUnmatchedRoute, kUnmatchedRoute, metrics_, start,
                    MethodNotAllowedProblem(match.allowed), done);
    case RouteMatch::Kind::kFound:
      break;
  }
  const Route* route = match.route;
  request.path_params = std::move(match.params);
  if (!route->blocking) {
    Response response = Invoke(*route, request);
    return Finish(request, route->pattern, route->name, metrics_, start,
                  std::move(response), done);
  }
  auto shared = std::make_shared<Request>(std::move(request));
  run_blocking_(
      [route, shared, start, metrics = metrics_, done = std::move(done)] {
        Finish(*shared, route->pattern, route->name, metrics, start,
               Invoke(*route, *shared), done);
      });
}

}  // namespace keytrail::http
