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

// What a handler noted for its request line (log.h).
struct HandlerNotes {
  std::string token_id;
  std::string client_ip;
};

Response Invoke(const Route& route, const Request& request,
                HandlerNotes& notes) {
  RequestLogScope scope(request.request_id);
  Response response = [&] {
    try {
      return route.handler(request);
    } catch (const std::exception& e) {
      return ProblemResponse(Error::Make(ErrorCode::kInternal,
                                         route.name + " threw: " + e.what()));
    } catch (...) {
      return ProblemResponse(
          Error::Make(ErrorCode::kInternal, route.name + " threw"));
    }
  }();
  notes.token_id = scope.token_id();
  notes.client_ip = scope.client_ip();
  return response;
}

void Finish(const Request& request, const Route* route, std::string_view name,
            const HandlerNotes& notes, Metrics* metrics,
            Clock::time_point start, Response response,
            const Dispatcher::Done& done) {
  response.headers.Set("X-Request-Id", request.request_id);
  auto latency = std::chrono::duration_cast<std::chrono::microseconds>(
      Clock::now() - start);
  LogRequest(
      {.method = request.method,
       .route = name,
       .pattern = route != nullptr ? std::string_view(route->pattern)
                                   : std::string_view(),
       .status = response.status,
       .latency_us = latency.count(),
       .request_id = request.request_id,
       .client_ip = notes.client_ip.empty() ? request.peer_ip : notes.client_ip,
       .token_id = notes.token_id,
       .user_agent = request.Header("User-Agent").value_or("")});
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
      return Finish(request, nullptr, kUnmatchedRoute, {}, metrics_, start,
                    RouteNotFoundProblem(), done);
    case RouteMatch::Kind::kMethodNotAllowed:
      return Finish(request, nullptr, kUnmatchedRoute, {}, metrics_, start,
                    MethodNotAllowedProblem(match.allowed), done);
    case RouteMatch::Kind::kFound:
      break;
  }
  const Route* route = match.route;
  request.path_params = std::move(match.params);
  if (!route->blocking) {
    HandlerNotes notes;
    Response response = Invoke(*route, request, notes);
    if (!response.run_on_worker) {
      return Finish(request, route, route->name, notes, metrics_, start,
                    std::move(response), done);
    }
  }
  request.on_worker = true;
  auto shared = std::make_shared<Request>(std::move(request));
  run_blocking_(
      [route, shared, start, metrics = metrics_, done = std::move(done)] {
        HandlerNotes notes;
        Response response = Invoke(*route, *shared, notes);
        if (response.run_on_worker) {
          response = ProblemResponse(Error::Make(
              ErrorCode::kInternal, route->name + " asked for a worker twice"));
        }
        Finish(*shared, route, route->name, notes, metrics, start,
               std::move(response), done);
      });
}

}  // namespace keytrail::http
