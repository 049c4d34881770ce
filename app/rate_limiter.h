// RateLimiter: the buckets of docs/api.md "Rate limits", in memory.
//
// A verification names the buckets that apply to its token (its own or its
// identity's, and one per group with a limit). VerifySnapshot::Policy holds
// them as RateBucketRefs, resolved off the hot path when the snapshot was
// built, so Take() reaches each bucket without a lookup and takes one call
// from each of them, or from none: when one refuses, the calls taken from
// the others are given back, so a refused call never spends another bucket.
//
// Hot path: one spin lock per bucket (projections::RateBucketCell); no lock
// shared by all threads, no allocation.
//
// Each process holds its own buckets: on a cluster of N nodes a client that
// spreads its calls over every node gets up to N times the limit (see
// docs/api.md); a restart starts every bucket full.
//
// Thread safety: Take() and GiveBack() from any thread.
#ifndef KEYTRAIL_APP_RATE_LIMITER_H_
#define KEYTRAIL_APP_RATE_LIMITER_H_

#include <span>

#include "domain/rate_limit.h"
#include "projections/verify_snapshot.h"

namespace keytrail::app {

class RateLimiter {
 public:
  using Buckets = std::span<const projections::RateBucketRef>;

  // Takes one call from every bucket of `buckets` at `now`, or from none.
  // The answer is the refusing bucket's, else the one with the fewest calls
  // left. An empty `buckets` is allowed with limit 0.
  RateDecision Take(Buckets buckets, Micros now);
  // Gives back the call an allowed Take() of `buckets` took.
  void GiveBack(Buckets buckets);
};

}  // namespace keytrail::app

#endif  // KEYTRAIL_APP_RATE_LIMITER_H_
