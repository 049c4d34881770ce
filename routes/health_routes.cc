#include "routes/health_routes.h"

#include "http/json_body.h"

namespace keytrail::http {

Status AddHealthRoutes(Router& router) {
  return router.Add({.method = "GET",
                     .pattern = "/healthz",
                     .name = "healthz",
                     .handler = [](const Request&) {
                       return JsonResponse(200, {{"status", "ok"}});
                     }});
}

Status AddMetricsRoute(Router& router, const Metrics& metrics) {
  return router.Add({.method = "GET",
                     .pattern = "/metrics",
                     .name = "metrics",
                     .handler = [&metrics](const Request&) {
                       return Response::Text(
                           200, metrics.Render(),
                           "text/plain; version=0.0.4; charset=utf-8");
                     }});
}

}  // namespace keytrail::http
