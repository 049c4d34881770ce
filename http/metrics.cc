// Text exposition format 0.0.4:
//   # HELP <name> <help>
//   # TYPE <name> counter|gauge|histogram
//   <name>{<label>="<value>",...} <number>
// Histogram buckets are cumulative, le="+Inf" equals _count.
#include "http/metrics.h"

#include <cmath>
#include <cstdio>

namespace keytrail::http {

namespace {

constexpr int kMinStatus = 100;
constexpr int kMaxStatus = 599;
constexpr char kUnmatched[] = "unmatched";
constexpr char kRejected[] = "rejected";

const std::vector<double>& RequestBounds() {
  static const std::vector<double> bounds = {0.0005, 0.001, 0.0025, 0.005, 0.01,
                                             0.025,  0.05,  0.1,    0.25,  0.5,
                                             1,      2.5,   5,      10};
  return bounds;
}

// Verification answers from memory in microseconds; these buckets show
// whether the p99 stays under a millisecond.
const std::vector<double>& VerifyBounds() {
  static const std::vector<double> bounds = {
      0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001,
      0.0025,  0.005,    0.01,    0.025,  0.1,     1};
  return bounds;
}

std::string Number(double value) {
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  char buffer[64];
  if (value == std::floor(value) && std::fabs(value) < 1e15) {
    std::snprintf(buffer, sizeof buffer, "%.0f", value);
  } else {
    std::snprintf(buffer, sizeof buffer, "%.9g", value);
  }
  return buffer;
}

void Header(std::string& out, std::string_view name, std::string_view help,
            std::string_view type) {
  out.append("# HELP ").append(name).append(" ").append(help).append("\n");
  out.append("# TYPE ").append(name).append(" ").append(type).append("\n");
}

}  // namespace

struct Metrics::RouteStats {
  explicit RouteStats(RouteKind k)
      : kind(k), latency(k == kVerify ? VerifyBounds() : RequestBounds()) {}
  RouteKind kind;
  std::array<std::atomic<uint64_t>, kMaxStatus - kMinStatus + 1> by_status{};
  Histogram latency;
};

void MetricsWriter::Counter(std::string_view name, std::string_view help,
                            double value) {
  Header(text_, name, help, "counter");
  text_.append(name).append(" ").append(Number(value)).append("\n");
}

void MetricsWriter::Gauge(std::string_view name, std::string_view help,
                          double value) {
  Header(text_, name, help, "gauge");
  text_.append(name).append(" ").append(Number(value)).append("\n");
}

void MetricsWriter::Histogram(std::string_view name, std::string_view help,
                              const HistogramSnapshot& snapshot) {
  Family(name, help, "histogram", HistogramLines(name, "", snapshot));
}

void MetricsWriter::Family(std::string_view name, std::string_view help,
                           std::string_view type, std::string_view lines) {
  Header(text_, name, help, type);
  text_.append(lines);
}

std::string HistogramLines(std::string_view name, std::string_view labels,
                           const HistogramSnapshot& snapshot) {
  std::string out;
  std::string prefix(labels);
  if (!prefix.empty()) prefix += ',';
  uint64_t cumulative = 0;
  for (size_t i = 0; i <= snapshot.bounds.size(); ++i) {
    cumulative += i < snapshot.counts.size() ? snapshot.counts[i] : 0;
    double bound = i < snapshot.bounds.size() ? snapshot.bounds[i] : INFINITY;
    out.append(name).append("_bucket{").append(prefix).append("le=\"");
    out.append(Number(bound)).append("\"} ").append(Number(cumulative));
    out.append("\n");
  }
  // Appended piecewise: GCC 12 warns (-Wrestrict, a false positive) about
  // "{" + std::string.
  std::string braces;
  if (!labels.empty()) braces.append("{").append(labels).append("}");
  out.append(name).append("_sum").append(braces).append(" ");
  out.append(Number(snapshot.sum)).append("\n");
  out.append(name).append("_count").append(braces).append(" ");
  out.append(Number(static_cast<double>(cumulative))).append("\n");
  return out;
}

Metrics::Metrics() {
  AddRoute(kUnmatched);
  AddRoute(kRejected);
}

Metrics::~Metrics() = default;

void Metrics::AddRoute(const std::string& name, RouteKind kind) {
  if (routes_.count(name) > 0) return;
  routes_.emplace(name, std::make_unique<RouteStats>(kind));
}

void Metrics::AddCollector(Collector collector) {
  collectors_.push_back(std::move(collector));
}

Metrics::RouteStats& Metrics::StatsOf(std::string_view route) {
  auto it = routes_.find(route);
  if (it == routes_.end()) it = routes_.find(std::string_view(kUnmatched));
  return *it->second;
}

void Metrics::ObserveRequest(std::string_view route, int status,
                             std::chrono::microseconds latency) {
  RouteStats& stats = StatsOf(route);
  if (status < kMinStatus || status > kMaxStatus) status = 500;
  stats.by_status[status - kMinStatus].fetch_add(1, std::memory_order_relaxed);
  stats.latency.Observe(std::chrono::duration<double>(latency).count());
}

std::string Metrics::Render() const {
  std::string requests;
  std::string request_latency;
  std::string verify_latency;
  for (const auto& [name, stats] : routes_) {
    std::string label = "route=\"" + name + "\"";
    for (int status = kMinStatus; status <= kMaxStatus; ++status) {
      uint64_t n =
          stats->by_status[status - kMinStatus].load(std::memory_order_relaxed);
      if (n == 0) continue;
      requests.append("keytrail_http_requests_total{").append(label);
      requests.append(",status=\"").append(std::to_string(status));
      requests.append("\"} ").append(std::to_string(n)).append("\n");
    }
    HistogramSnapshot snapshot = stats->latency.Snapshot();
    if (stats->kind == kVerify) {
      verify_latency +=
          HistogramLines("keytrail_verify_duration_seconds", label, snapshot);
    } else if (snapshot.count > 0) {
      request_latency += HistogramLines(
          "keytrail_http_request_duration_seconds", label, snapshot);
    }
  }
  MetricsWriter writer;
  writer.Family("keytrail_http_requests_total",
                "HTTP requests answered, by route name and status.", "counter",
                requests);
  writer.Family("keytrail_http_request_duration_seconds",
                "Time from routing to response, management routes.",
                "histogram", request_latency);
  writer.Family("keytrail_verify_duration_seconds",
                "Time from routing to response, verification routes.",
                "histogram", verify_latency);
  for (const Collector& collector : collectors_) collector(writer);
  return std::move(writer.text());
}

}  // namespace keytrail::http
