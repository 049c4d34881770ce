#include <string>

#include "routes/openapi.h"

namespace keytrail::http {

Status AddOpenApiRoute(Router& router) {
  return router.Add({.method = "GET",
                     .pattern = "/v1/openapi.json",
                     .name = "openapi",
                     .handler = [](const Request&) {
                       return Response::Text(200,
                                             std::string(OpenApiDocument()),
                                             "application/json");
                     }});
}

}  // namespace keytrail::http
