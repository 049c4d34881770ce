// VerifyResultCounts: how many verifications answered each VerifyCode
// (keytrail_verify_results_total{code}), counted on the verify hot path at
// the cost of one relaxed increment of a counter no other thread writes in
// the common case: the counters are split in cache-line-sized shards, and
// each thread keeps to the shard it was given on its first count, so I/O
// threads never bounce a line between cores. A scrape sums the shards.
//
// Thread safety: Count() and Totals() from any thread, lock-free. A total
// read while counts go on is a value the counter had at some moment per
// code (each code is summed on its own).
#ifndef KEYTRAIL_APP_VERIFY_RESULTS_H_
#define KEYTRAIL_APP_VERIFY_RESULTS_H_

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>

#include "domain/verification.h"

namespace keytrail::app {

// One past the last VerifyCode.
inline constexpr size_t kVerifyCodeCount =
    static_cast<size_t>(kLastVerifyCode) + 1;

class VerifyResultCounts {
 public:
  using Totals = std::array<uint64_t, kVerifyCodeCount>;

  void Count(VerifyCode code) {
    shards_[ThreadShard()].counts[static_cast<size_t>(code)].fetch_add(
        1, std::memory_order_relaxed);
  }

  // The totals by code, indexed by static_cast<size_t>(VerifyCode).
  Totals totals() const {
    Totals out{};
    for (const Shard& shard : shards_) {
      for (size_t i = 0; i < kVerifyCodeCount; ++i) {
        out[i] += shard.counts[i].load(std::memory_order_relaxed);
      }
    }
    return out;
  }

 private:
  static constexpr size_t kShards = 16;
  struct alignas(64) Shard {
    std::array<std::atomic<uint64_t>, kVerifyCodeCount> counts{};
  };

  // The calling thread's shard, assigned round-robin on its first call.
  static size_t ThreadShard() {
    static std::atomic<size_t> next{0};
    thread_local const size_t shard =
        next.fetch_add(1, std::memory_order_relaxed) % kShards;
    return shard;
  }

  std::array<Shard, kShards> shards_{};
};

}  // namespace keytrail::app

#endif  // KEYTRAIL_APP_VERIFY_RESULTS_H_
