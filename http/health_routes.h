// Liveness route (API.md §6):
//   GET /healthz → 200 {"status": "ok"} while the process serves HTTP.
// /readyz and /metrics join here once the store and projections exist.
#ifndef KEYTRAIL_HTTP_HEALTH_ROUTES_H_
#define KEYTRAIL_HTTP_HEALTH_ROUTES_H_

#include "domain/result.h"
#include "http/router.h"

namespace keytrail::http {

// Adds the health routes to `router`.
[[nodiscard]] Status AddHealthRoutes(Router& router);

}  // namespace keytrail::http

#endif  // KEYTRAIL_HTTP_HEALTH_ROUTES_H_
