// StoreStats: what the store tells /metrics about itself, and Histogram,
// the one fixed-bucket histogram of keytrail (the store's writer and the
// HTTP metrics both count with it).
//
// Thread safety: Histogram::Observe() and Snapshot() may be called from any
// thread at once; a snapshot taken during observations may be off by the
// observations in flight (each bucket is exact, they are not read at one
// instant), which Prometheus tolerates.
#ifndef KEYTRAIL_EVENTSTORE_STORE_STATS_H_
#define KEYTRAIL_EVENTSTORE_STORE_STATS_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

namespace keytrail::eventstore {

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

// EventStore::Stats(). Zero where a store does not know (the in-memory
// test store knows nothing).
struct StoreStats {
  // Events appended since the store was opened.
  uint64_t events_appended = 0;
  // Events per WriteBatch (one group commit); empty bounds when unknown.
  HistogramSnapshot batch_events;
  // Seconds per WriteBatch write, the WAL fsync included under kSync.
  HistogramSnapshot write_seconds;
  // RocksDB, summed over every column family.
  uint64_t sst_bytes = 0;       // rocksdb.total-sst-files-size
  uint64_t memtable_bytes = 0;  // rocksdb.cur-size-all-mem-tables
  uint64_t pending_compaction_bytes =
      0;  // ...estimate-pending-compaction-bytes
};

}  // namespace keytrail::eventstore

#endif  // KEYTRAIL_EVENTSTORE_STORE_STATS_H_
