#include "routes/service_metrics.h"

#include <string>

namespace keytrail::http {

void WriteVerifyResults(MetricsWriter& out,
                        const app::VerifyResultCounts::Totals& totals) {
  std::string lines;
  for (size_t i = 0; i < totals.size(); ++i) {
    lines.append("keytrail_verify_results_total{code=\"");
    lines.append(ToString(static_cast<VerifyCode>(i)));
    lines.append("\"} ").append(std::to_string(totals[i])).append("\n");
  }
  out.Family("keytrail_verify_results_total",
             "Verifications answered (routes verify and auth), by answer "
             "code.",
             "counter", lines);
}

void WriteProjectionLagSeconds(MetricsWriter& out,
                               eventstore::EventStore& store,
                               const projections::ProjectionEngine& engine,
                               Micros now) {
  const uint64_t head = store.HeadSeq();
  const uint64_t applied = engine.applied_seq();
  double lag = 0;
  if (applied < head) {
    Result<std::vector<eventstore::RecordedEvent>> next =
        store.ReadAll(applied + 1, 1);
    if (next.ok() && !next->empty() && now > next->front().time) {
      lag = static_cast<double>(now - next->front().time) / kMicrosPerSecond;
    }
  }
  out.Gauge("keytrail_projection_lag_seconds",
            "Age of the oldest event the projections have not applied yet "
            "(0 when caught up).",
            lag);
}

void WriteTokenCounts(MetricsWriter& out, projections::ProjectionEngine& engine,
                      Micros now) {
  projections::TokenStatusCounts counts;
  {
    projections::ProjectionEngine::ReadLock views = engine.Read();
    counts = views->CountTokensByStatus(now);
  }
  std::string lines;
  auto line = [&lines](std::string_view status, int64_t n) {
    lines.append("keytrail_tokens{status=\"").append(status).append("\"} ");
    lines.append(std::to_string(n)).append("\n");
  };
  line("active", counts.active);
  line("disabled", counts.disabled);
  line("expired", counts.expired);
  line("revoked", counts.revoked);
  out.Family("keytrail_tokens",
             "Tokens by effective status now (the operator's included).",
             "gauge", lines);
}

}  // namespace keytrail::http
