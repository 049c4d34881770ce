#include "domain/rate_limit.h"

#include <algorithm>
#include <string>

#include "domain/permissions.h"

namespace keytrail {
namespace {

// The bucket's level after refilling it up to `now`, in units where one
// call is window_us and the bucket holds limit * window_us.
int64_t Refilled(const RateBucket& bucket, const RateLimit& limit, Micros now) {
  const int64_t window_us = limit.window_ms * 1000;
  const int64_t capacity = limit.limit * window_us;
  if (bucket.level < 0) return capacity;
  const int64_t elapsed =
      std::clamp<int64_t>(now - bucket.updated_at, 0, window_us);
  return std::min(capacity, bucket.level + elapsed * limit.limit);
}

}  // namespace

void CheckRateLimit(FieldErrors& errors, std::string_view field,
                    const RateLimit& limit) {
  if (limit.limit < 1 || limit.limit > kMaxRateLimit) {
    errors.Add(std::string(field) + ".limit",
               "must be 1.." + std::to_string(kMaxRateLimit));
  }
  if (limit.window_ms < kMinRateWindowMs ||
      limit.window_ms > kMaxRateWindowMs) {
    errors.Add(std::string(field) + ".window_ms",
               "must be " + std::to_string(kMinRateWindowMs) + ".." +
                   std::to_string(kMaxRateWindowMs) + " (1 s to 1 day)");
  }
}

void CheckTokenRateLimit(FieldErrors& errors,
                         const std::optional<RateLimit>& limit,
                         std::string_view identity) {
  if (limit) CheckRateLimit(errors, "rate_limit", *limit);
  if (identity.empty()) return;
  if (!limit) {
    errors.Add("identity", "needs a rate_limit: it names the bucket shared");
    return;
  }
  CheckText(errors, "identity", identity, 1, kMaxRateIdentityLength);
}

std::vector<RateBucketKey> RateBucketsOf(const TokenState& token,
                                         const StateView& view) {
  std::vector<RateBucketKey> buckets;
  if (const std::optional<RateLimit>& own = token.rare->rate_limit) {
    const std::string& identity = token.rare->rate_identity;
    buckets.push_back({identity.empty()
                           ? "t\n" + token.id
                           : "i\n" + token.account_id + "\n" + identity,
                       *own});
  }
  for (const std::string& id : PermissionGroupsOf(token, view)) {
    const GroupState* group = view.FindGroup(id);
    if (group != nullptr && group->rate_limit) {
      buckets.push_back({"g\n" + id, *group->rate_limit});
    }
  }
  return buckets;
}

RateDecision TakeCall(RateBucket& bucket, const RateLimit& limit, Micros now) {
  const int64_t window_us = limit.window_ms * 1000;
  int64_t level = Refilled(bucket, limit, now);
  RateDecision decision;
  decision.limit = limit.limit;
  decision.allowed = level >= window_us;
  if (decision.allowed) level -= window_us;
  bucket.level = level;
  bucket.updated_at = now;
  decision.remaining = level / window_us;
  const int64_t missing = window_us - level % window_us;
  decision.reset = level >= window_us
                       ? now
                       : now + (missing + limit.limit - 1) / limit.limit;
  return decision;
}

void ReturnCall(RateBucket& bucket, const RateLimit& limit) {
  const int64_t window_us = limit.window_ms * 1000;
  bucket.level = std::min(limit.limit * window_us, bucket.level + window_us);
}

}  // namespace keytrail
