#include "app/rate_limiter.h"

namespace keytrail::app {

void RateLimiter::GiveBack(Buckets buckets) {
  for (const projections::RateBucketRef& bucket : buckets) {
    bucket.cell->GiveBack(bucket.limit);
  }
}

RateDecision RateLimiter::Take(Buckets buckets, Micros now) {
  RateDecision answer;
  for (size_t i = 0; i < buckets.size(); ++i) {
    RateDecision decision = buckets[i].cell->Take(buckets[i].limit, now);
    if (!decision.allowed) {
      GiveBack(buckets.first(i));
      return decision;
    }
    if (i == 0 || decision.remaining < answer.remaining) answer = decision;
  }
  return answer;
}

}  // namespace keytrail::app
