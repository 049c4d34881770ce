// RecentEvents: the newest committed events of the shared log that this
// node wrote or read, so that its subscriptions (the projection engine, the
// audit feed) take them from memory instead of reading each of them back
// from PostgreSQL: on a node, the events it appended itself cost no read,
// and another node's events one read, not one per subscription.
//
// Only committed events may be kept (the writer keeps a batch after its
// COMMIT returned; a reader keeps what it read). The set keeps the
// `capacity` highest seqs; it may have gaps (another node's events not yet
// read), and a run is only served up to the first gap.
//
// Thread safety: every method from any thread.
#ifndef KEYTRAIL_EVENTSTORE_POSTGRES_RECENT_EVENTS_H_
#define KEYTRAIL_EVENTSTORE_POSTGRES_RECENT_EVENTS_H_

#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <vector>

#include "eventstore/event_log.h"

namespace keytrail::eventstore {

class RecentEvents {
 public:
  explicit RecentEvents(size_t capacity) : capacity_(capacity) {}

  // Keeps `events` (committed ones), dropping the lowest seqs beyond the
  // capacity.
  void Keep(const std::vector<RecordedEvent>& events);

  // Replaces `*out` with the kept events from_seq, from_seq + 1, … up to the
  // first one not kept, at most `max_count` of them and none beyond
  // `last_seq`. Returns how many (0: from_seq is not kept).
  size_t CopyRun(uint64_t from_seq, uint64_t last_seq, size_t max_count,
                 std::vector<RecordedEvent>* out) const;

 private:
  const size_t capacity_;
  mutable std::mutex mu_;
  std::map<uint64_t, RecordedEvent> events_;
};

}  // namespace keytrail::eventstore

#endif  // KEYTRAIL_EVENTSTORE_POSTGRES_RECENT_EVENTS_H_
