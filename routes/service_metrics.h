// The service's gauges and counters that need more than one number from
// its parts, written at each scrape by KeytrailService::AddMetrics():
//   keytrail_verify_results_total{code}         verifications by answer
//   keytrail_projection_lag_seconds             age of the oldest event the
//                                               projections did not apply
//   keytrail_tokens{status}                     tokens by effective status
// docs/metrics.md describes each. Thread safety: from any thread, while
// the parts they are given are open.
#ifndef KEYTRAIL_ROUTES_SERVICE_METRICS_H_
#define KEYTRAIL_ROUTES_SERVICE_METRICS_H_

#include "app/verify_results.h"
#include "base/time.h"
#include "eventstore/event_store.h"
#include "http/metrics.h"
#include "projections/projection_engine.h"

namespace keytrail::http {

void WriteVerifyResults(MetricsWriter& out,
                        const app::VerifyResultCounts::Totals& totals);

// 0 when the projections applied the head; else now minus the time of the
// first event not applied yet.
void WriteProjectionLagSeconds(MetricsWriter& out,
                               eventstore::EventStore& store,
                               const projections::ProjectionEngine& engine,
                               Micros now);

// O(tokens) under the views' read lock.
void WriteTokenCounts(MetricsWriter& out, projections::ProjectionEngine& engine,
                      Micros now);

}  // namespace keytrail::http

#endif  // KEYTRAIL_ROUTES_SERVICE_METRICS_H_
