#include "app/rate_limiter.h"

namespace keytrail::app {

RateLimiter::Stripe& RateLimiter::StripeOf(std::string_view key) {
  return stripes_[KeyHash{}(key) % kStripes];
}

RateDecision RateLimiter::TakeOne(const RateBucketKey& ref, Micros now) {
  Stripe& stripe = StripeOf(ref.key);
  std::lock_guard lock(stripe.mu);
  auto it = stripe.buckets.find(ref.key);
  if (it == stripe.buckets.end()) {
    it = stripe.buckets.emplace(std::string(ref.key), RateBucket{}).first;
  }
  return TakeCall(it->second, ref.limit, now);
}

void RateLimiter::GiveBack(const RateBucketKey& ref) {
  Stripe& stripe = StripeOf(ref.key);
  std::lock_guard lock(stripe.mu);
  auto it = stripe.buckets.find(ref.key);
  if (it != stripe.buckets.end()) ReturnCall(it->second, ref.limit);
}

RateDecision RateLimiter::Take(std::span<const RateBucketKey> buckets,
                               Micros now) {
  RateDecision answer;
  for (size_t i = 0; i < buckets.size(); ++i) {
    RateDecision decision = TakeOne(buckets[i], now);
    if (!decision.allowed) {
      for (size_t j = 0; j < i; ++j) GiveBack(buckets[j]);
      return decision;
    }
    if (i == 0 || decision.remaining < answer.remaining) answer = decision;
  }
  return answer;
}

}  // namespace keytrail::app
