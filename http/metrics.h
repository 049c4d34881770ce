// Metrics: the one registry of keytrail's Prometheus metrics, rendered by
// GET /metrics in the text exposition format 0.0.4 (written by hand: see
// docs/metrics.md for why no client library).
//
//   Metrics metrics;
//   metrics.AddRoute("verify", Metrics::kVerify);   // before serving
//   metrics.ObserveRequest("verify", 200, latency);  // any thread
//   metrics.AddCollector([&](MetricsWriter& w) {     // read at each scrape
//     w.Gauge("keytrail_projection_lag_events", "...", lag);
//   });
//   std::string text = metrics.Render();
//
// Labels hold route names (Route::name), "unmatched" (404/405 before a
// route), "rejected" (answered by the session before routing: 400 malformed,
// 413, 431) and status codes: never a raw path, a query or a header value,
// so no secret can reach a label.
//
// Thread safety: AddRoute() and AddCollector() before the server starts;
// ObserveRequest() and Render() from any thread afterwards (lock-free
// counters; the route table is read-only once serving).
#ifndef KEYTRAIL_HTTP_METRICS_H_
#define KEYTRAIL_HTTP_METRICS_H_

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/histogram.h"

namespace keytrail::http {

// Appends metric families to a scrape. Names and help are literals of the
// code; label values are route names or numbers.
class MetricsWriter {
 public:
  void Counter(std::string_view name, std::string_view help, double value);
  void Gauge(std::string_view name, std::string_view help, double value);
  // One histogram family without labels.
  void Histogram(std::string_view name, std::string_view help,
                 const HistogramSnapshot& snapshot);
  // The raw text of a family whose lines the caller wrote (labelled ones).
  void Family(std::string_view name, std::string_view help,
              std::string_view type, std::string_view lines);
  std::string& text() { return text_; }

 private:
  std::string text_;
};

// Renders the _bucket/_sum/_count lines of `snapshot` for `name`, with
// `labels` ("route=\"verify\"" or empty) on each line.
std::string HistogramLines(std::string_view name, std::string_view labels,
                           const HistogramSnapshot& snapshot);

class Metrics {
 public:
  // Verification routes get their own latency histogram with finer buckets
  // (keytrail_verify_duration_seconds); the others share
  // keytrail_http_request_duration_seconds.
  enum RouteKind { kManagement, kVerify };
  using Collector = std::function<void(MetricsWriter&)>;

  // Registers "unmatched" and "rejected".
  Metrics();
  ~Metrics();
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  // Adds a route name; a second call for the same name changes nothing.
  void AddRoute(const std::string& name, RouteKind kind = kManagement);
  // Adds a function that writes gauges or counters owned elsewhere.
  void AddCollector(Collector collector);

  // Counts one answered request. A name never added counts as "unmatched".
  void ObserveRequest(std::string_view route, int status,
                      std::chrono::microseconds latency);

  // The whole scrape, text format 0.0.4.
  std::string Render() const;

 private:
  struct RouteStats;
  RouteStats& StatsOf(std::string_view route);

  std::map<std::string, std::unique_ptr<RouteStats>, std::less<>> routes_;
  std::vector<Collector> collectors_;
};

}  // namespace keytrail::http

#endif  // KEYTRAIL_HTTP_METRICS_H_
