#include "http/health_routes.h"

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

}  // namespace keytrail::http
