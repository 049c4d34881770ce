// Rate limits (docs/api.md "Rate limits"): the token-bucket arithmetic a
// verification runs against a bucket held in memory (app/rate_limiter.h,
// projections::RateBucketCell).
//
// A RateLimit {limit, window_ms} is a bucket of `limit` calls, refilled
// continuously at `limit` calls per `window_ms`: a burst of `limit` calls,
// then one call every window_ms / limit. The level is an integer in units
// where one call is window_us and a full bucket limit * window_us; a
// microsecond refills `limit` units, so refills never lose a fraction, and
// within the bounds below nothing overflows (at most 8.64e16).
//
// Pure and thread-safe (the caller locks the bucket).
#ifndef KEYTRAIL_DOMAIN_RATE_LIMIT_H_
#define KEYTRAIL_DOMAIN_RATE_LIMIT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/time.h"
#include "domain/state_view.h"
#include "domain/types.h"
#include "domain/validation.h"

namespace keytrail {

inline constexpr int64_t kMaxRateLimit = 1'000'000;              // calls
inline constexpr int64_t kMinRateWindowMs = 1'000;               // 1 s
inline constexpr int64_t kMaxRateWindowMs = 24LL * 3600 * 1000;  // 1 day

// Adds a field error under `field` unless `limit` is within the bounds.
void CheckRateLimit(FieldErrors& errors, std::string_view field,
                    const RateLimit& limit);

inline constexpr size_t kMaxRateIdentityLength = 100;  // characters

// A token's rate limit and identity: `limit` within the bounds (errors
// under "rate_limit.limit" / "rate_limit.window_ms"), `identity` (trimmed)
// 1-100 characters of text and only with a limit.
void CheckTokenRateLimit(FieldErrors& errors,
                         const std::optional<RateLimit>& limit,
                         std::string_view identity);

// A bucket a verification of a token must pass: its key in the limiter and
// its limit. Keys: "t\n<token id>" (the token's own), "i\n<account>\n
// <identity>" (shared by the account's tokens naming the identity),
// "g\n<group id>" (shared by the group's tokens).
struct RateBucketKey {
  std::string key;
  RateLimit limit;

  bool operator==(const RateBucketKey&) const = default;
};

// The buckets of `token`: its own (or its identity's) when it has a limit,
// then one per group it takes permissions from (a group token's groups, a
// personal token's user's groups) that has one, as `view` holds them.
std::vector<RateBucketKey> RateBucketsOf(const TokenState& token,
                                         const StateView& view);

// One bucket's state. A default-constructed bucket is full.
struct RateBucket {
  int64_t level = -1;  // in the units above; -1: full
  Micros updated_at = 0;
};

// What one bucket answered.
struct RateDecision {
  bool allowed = true;
  int64_t limit = 0;
  int64_t remaining = 0;  // whole calls left after this one
  // When the bucket holds one more call than now (allowed or not): the
  // earliest retry of a refused call.
  Micros reset = 0;
};

// Refills `bucket` up to `now` and takes one call from it when it holds
// one. A bucket whose limit shrank is clamped to the new capacity.
RateDecision TakeCall(RateBucket& bucket, const RateLimit& limit, Micros now);

// Gives back the call TakeCall() took (when another bucket of the same
// verification refused it).
void ReturnCall(RateBucket& bucket, const RateLimit& limit);

}  // namespace keytrail

#endif  // KEYTRAIL_DOMAIN_RATE_LIMIT_H_
