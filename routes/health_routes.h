// Health and metrics routes (docs/api.md §6):
//   GET /healthz → 200 {"status": "ok"} while the process serves HTTP.
//   GET /metrics → 200, Prometheus text format 0.0.4 (metrics.h). Open like
//                  /healthz: it holds counts and sizes, never a secret or a
//                  path; keep the listener off the internet (docs/deploy.md).
// /readyz is the service's (it needs the projections).
#ifndef KEYTRAIL_ROUTES_HEALTH_ROUTES_H_
#define KEYTRAIL_ROUTES_HEALTH_ROUTES_H_

#include "base/result.h"
#include "http/metrics.h"
#include "http/router.h"

namespace keytrail::http {

// Adds the health routes to `router`.
[[nodiscard]] Status AddHealthRoutes(Router& router);

// Adds GET /metrics rendering `metrics`, which must outlive the router.
[[nodiscard]] Status AddMetricsRoute(Router& router, const Metrics& metrics);

}  // namespace keytrail::http

#endif  // KEYTRAIL_ROUTES_HEALTH_ROUTES_H_
