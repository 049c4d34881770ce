// Point-in-time views (`as_of=<seq|time>` on every GET, docs/api.md §3): the
// views as they were right after one event, folded from the log into a
// fresh Views. A small LRU cache keeps recent results by the seq they
// reflect, and a fold starts from the nearest cached result before it.
//
// Thread safety: ViewsAsOf() may be called from any thread; folds run
// outside the cache's lock, so two threads asking for the same point may
// both fold it. Returned Views are immutable and shared.
#ifndef KEYTRAIL_PROJECTIONS_AS_OF_H_
#define KEYTRAIL_PROJECTIONS_AS_OF_H_

#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string_view>

#include "base/result.h"
#include "base/time.h"
#include "eventstore/event_store.h"
#include "projections/views.h"

namespace keytrail::projections {

// A point in the log: right after event `seq`, or right after the last
// event before the first one whose time is later than `time`.
struct AsOf {
  enum class Kind { kSeq, kTime };
  Kind kind = Kind::kSeq;
  uint64_t seq = 0;  // kSeq; 0 is the empty log
  Micros time = 0;   // kTime

  static AsOf Seq(uint64_t seq) { return {Kind::kSeq, seq, 0}; }
  static AsOf Time(Micros time) { return {Kind::kTime, 0, time}; }
};

// Parses an `as_of` query value: a decimal seq (digits only, fits in
// uint64) or an RFC 3339 time. kInvalid (field "as_of") otherwise.
Result<AsOf> ParseAsOf(std::string_view text);

struct PointInTimeOptions {
  // Results kept in the cache. Default: 4.
  size_t cache_entries = 4;
};

class PointInTimeViews {
 public:
  // `store` must outlive this object.
  explicit PointInTimeViews(eventstore::EventStore& store,
                            PointInTimeOptions options = {});
  PointInTimeViews(const PointInTimeViews&) = delete;
  PointInTimeViews& operator=(const PointInTimeViews&) = delete;

  // The views at `as_of`. kInvalid for a seq after the log's head (a time
  // after the last event gives the views at the head); kCorruption or
  // kIoError when the log cannot be read or decoded.
  Result<std::shared_ptr<const Views>> ViewsAsOf(const AsOf& as_of);

 private:
  // The cached views to start from: the one with the highest seq that is
  // entirely at or before `as_of`; nullptr if none.
  std::shared_ptr<const Views> NearestBase(const AsOf& as_of);
  // Whether no event after `base` belongs before the point `time`.
  Result<bool> NothingAfter(const Views* base, Micros time);
  std::shared_ptr<const Views> Remember(std::shared_ptr<const Views> views);

  eventstore::EventStore& store_;
  const PointInTimeOptions options_;
  std::mutex mu_;
  std::list<std::shared_ptr<const Views>> cache_;  // guarded; most recent first
};

}  // namespace keytrail::projections

#endif  // KEYTRAIL_PROJECTIONS_AS_OF_H_
