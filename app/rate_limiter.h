// RateLimiter: the buckets of docs/api.md "Rate limits", in memory.
//
// A verification names the buckets that apply to its token (its own or its
// identity's, and one per group with a limit; VerifySnapshot::Policy holds
// their keys, built off the hot path) and Take() takes one call from each
// of them, or from none: when one refuses, the calls taken from the others
// are given back, so a refused call never spends another bucket.
//
// Hot path: one lock among kStripes per bucket, chosen by the key's hash;
// no lock shared by all threads. A bucket is allocated on its key's first
// call and kept (a few dozen bytes per key); later calls allocate nothing.
//
// Each process holds its own buckets: on a cluster of N nodes a client that
// spreads its calls over every node gets up to N times the limit (see
// docs/api.md); a restart starts every bucket full.
//
// Thread safety: Take() from any thread.
#ifndef KEYTRAIL_APP_RATE_LIMITER_H_
#define KEYTRAIL_APP_RATE_LIMITER_H_

#include <array>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>

#include "domain/rate_limit.h"

namespace keytrail::app {

class RateLimiter {
 public:
  static constexpr size_t kStripes = 64;

  // Takes one call from every bucket of `buckets` at `now`, or from none.
  // The answer is the refusing bucket's, else the one with the fewest calls
  // left. An empty `buckets` is allowed with limit 0.
  RateDecision Take(std::span<const RateBucketKey> buckets, Micros now);

 private:
  struct KeyHash {
    using is_transparent = void;
    size_t operator()(std::string_view key) const noexcept {
      return std::hash<std::string_view>{}(key);
    }
  };
  struct Stripe {
    std::mutex mu;
    std::unordered_map<std::string, RateBucket, KeyHash, std::equal_to<>>
        buckets;  // guarded by mu
  };

  Stripe& StripeOf(std::string_view key);
  RateDecision TakeOne(const RateBucketKey& ref, Micros now);
  void GiveBack(const RateBucketKey& ref);

  std::array<Stripe, kStripes> stripes_;
};

}  // namespace keytrail::app

#endif  // KEYTRAIL_APP_RATE_LIMITER_H_
