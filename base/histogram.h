// Histogram: the one fixed-bucket histogram of keytrail (the store's writer
// and the HTTP metrics both count with it), and its snapshot.
//
// Thread safety: Histogram::Observe() and Snapshot() may be called from any
// thread at once; a snapshot taken during observations may be off by the
// observations in flight (each bucket is exact, they are not read at one
// instant), which Prometheus tolerates.
#ifndef KEYTRAIL_BASE_HISTOGRAM_H_
#define KEYTRAIL_BASE_HISTOGRAM_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

namespace keytrail {

// A copy of a Histogram's counts. counts[i] counts the observations
// <= bounds[i] and > bounds[i-1] (not cumulative); counts.back() counts
// those above the last bound.
struct HistogramSnapshot {
  std::vector<double> bounds;
  std::vector<uint64_t> counts;  // bounds.size() + 1 entries
  double sum = 0;
  uint64_t count = 0;
};

class Histogram {
 public:
  // `bounds` are the upper bounds of the buckets, increasing.
  explicit Histogram(std::vector<double> bounds)
      : bounds_(std::move(bounds)),
        counts_(std::make_unique<std::atomic<uint64_t>[]>(bounds_.size() + 1)) {
  }

  void Observe(double value) {
    size_t i = 0;
    while (i < bounds_.size() && value > bounds_[i]) ++i;
    counts_[i].fetch_add(1, std::memory_order_relaxed);
    // Sum kept in millionths: an atomic integer is lock-free, a double
    // fetch_add is not everywhere.
    sum_millionths_.fetch_add(static_cast<uint64_t>(value * 1e6),
                              std::memory_order_relaxed);
  }

  HistogramSnapshot Snapshot() const {
    HistogramSnapshot snapshot;
    snapshot.bounds = bounds_;
    for (size_t i = 0; i <= bounds_.size(); ++i) {
      uint64_t n = counts_[i].load(std::memory_order_relaxed);
      snapshot.counts.push_back(n);
      snapshot.count += n;
    }
    snapshot.sum =
        static_cast<double>(sum_millionths_.load(std::memory_order_relaxed)) /
        1e6;
    return snapshot;
  }

 private:
  const std::vector<double> bounds_;
  std::unique_ptr<std::atomic<uint64_t>[]> counts_;
  std::atomic<uint64_t> sum_millionths_{0};
};

}  // namespace keytrail

#endif  // KEYTRAIL_BASE_HISTOGRAM_H_
