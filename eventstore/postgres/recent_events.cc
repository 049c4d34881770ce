#include "eventstore/postgres/recent_events.h"

namespace keytrail::eventstore {

void RecentEvents::Keep(const std::vector<RecordedEvent>& events) {
  std::lock_guard lock(mu_);
  for (const RecordedEvent& event : events) {
    if (events_.size() >= capacity_ && event.seq < events_.begin()->first) {
      continue;  // older than everything kept
    }
    events_.try_emplace(event.seq, event);
  }
  while (events_.size() > capacity_) events_.erase(events_.begin());
}

size_t RecentEvents::CopyRun(uint64_t from_seq, uint64_t last_seq,
                             size_t max_count,
                             std::vector<RecordedEvent>* out) const {
  out->clear();
  std::lock_guard lock(mu_);
  auto it = events_.find(from_seq);
  for (uint64_t seq = from_seq; it != events_.end() && it->first == seq &&
                                seq <= last_seq && out->size() < max_count;
       ++it, ++seq) {
    out->push_back(it->second);
  }
  return out->size();
}

}  // namespace keytrail::eventstore
