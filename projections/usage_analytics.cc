// UsageProjection::Analytics: one range scan of the account's "o" rows
// (usage_format.cc) in the window, counted per bucket and outcome.
#include <algorithm>

#include "projections/usage_format.h"
#include "projections/usage_projection.h"

namespace keytrail::projections {

namespace uf = usage_format;

namespace {

constexpr Micros kMicrosPerHour = 3600 * kMicrosPerSecond;

Micros HourOf(Micros time) {
  return time - ((time % kMicrosPerHour) + kMicrosPerHour) % kMicrosPerHour;
}

// The bucket `outcome` counts in; by=hour buckets on the first use.
std::string BucketKey(const uf::AccountOutcome& outcome, AnalyticsBy by) {
  switch (by) {
    case AnalyticsBy::kOutcome:
      return outcome.outcome;
    case AnalyticsBy::kToken:
      return outcome.token_id;
    case AnalyticsBy::kIp:
      return outcome.ip;
    case AnalyticsBy::kHour:
      break;
  }
  return TimeSortKey(HourOf(outcome.first_at));
}

}  // namespace

Result<AnalyticsResult> UsageProjection::Analytics(
    const std::string& account_id, const TimeWindow& window, AnalyticsBy by,
    size_t limit) const {
  std::map<std::string, AnalyticsBucket> buckets;
  bool corrupt = false;
  Status scanned =
      table_->Scan(uf::OutcomeTimeKey(account_id, window.since),
                   uf::OutcomeTimeKey(account_id, window.until),
                   [&](const std::string&, const std::string& value) {
                     std::optional<uf::AccountOutcome> outcome =
                         uf::DecodeAccountOutcome(value);
                     if (!outcome) {
                       corrupt = true;
                       return false;
                     }
                     const std::string key = BucketKey(*outcome, by);
                     auto [it, fresh] = buckets.try_emplace(key);
                     AnalyticsBucket& bucket = it->second;
                     if (fresh && by == AnalyticsBy::kHour) {
                       bucket.hour = HourOf(outcome->first_at);
                     } else if (fresh) {
                       bucket.key = key;
                     }
                     bucket.counts[outcome->outcome] += outcome->count;
                     bucket.total += outcome->count;
                     return true;
                   });
  if (!scanned.ok()) return scanned.error();
  if (corrupt) {
    return Error::Make(ErrorCode::kCorruption, "usage table: bad row");
  }
  AnalyticsResult result;
  result.items.reserve(buckets.size());
  for (auto& [key, bucket] : buckets) result.items.push_back(std::move(bucket));
  if (by != AnalyticsBy::kHour) {  // the map keeps hours in time order
    std::stable_sort(result.items.begin(), result.items.end(),
                     [](const AnalyticsBucket& a, const AnalyticsBucket& b) {
                       return a.total > b.total;
                     });
  }
  if (result.items.size() > limit) {
    result.items.resize(limit);
    result.truncated = true;
  }
  return result;
}

}  // namespace keytrail::projections
