// The parts of AuditFeed (audit_feed.h) shared by its two files:
// audit_feed.cc (the subscription, the history thread, heartbeats) and
// audit_feed_reader.cc (one reader's queue and its BodyStream side).
// Not for use elsewhere.
//
// Locks: Core::mu (readers, history requests, position) is taken before a
// FeedReader::mu_, never after; `deliver` callbacks run with no lock held,
// since the session's may call Next() again at once.
#ifndef KEYTRAIL_AUDIT_AUDIT_FEED_INTERNAL_H_
#define KEYTRAIL_AUDIT_AUDIT_FEED_INTERNAL_H_

#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "audit/audit_feed.h"

namespace keytrail::audit {

using FeedClock = std::chrono::steady_clock;
using Deliver = BodyStream::Deliver;

// Appends one SSE event: "id: <seq>\nevent: audit\ndata: <json>\n\n".
void AppendSseEvent(std::string& out, uint64_t seq, const std::string& json);

// A live event waiting for a reader.
struct Queued {
  uint64_t seq;
  std::string json;
};

class FeedReader;

struct AuditFeed::Core {
  Core(eventstore::EventStore& store, AuditFeedOptions options)
      : store(store), options(options) {}

  void Run();
  void OnEvent(const eventstore::RecordedEvent& event);
  void ServeHistory(const std::shared_ptr<FeedReader>& reader, Deliver deliver);
  void Detach(const FeedReader* reader);

  eventstore::EventStore& store;
  const AuditFeedOptions options;
  std::unique_ptr<eventstore::Subscription> subscription;
  std::thread thread;

  std::mutex mu;
  std::condition_variable wake;
  bool stopped = false;                              // guarded by mu
  uint64_t position = 0;                             // guarded by mu
  std::vector<std::shared_ptr<FeedReader>> readers;  // guarded by mu
  std::deque<std::pair<std::shared_ptr<FeedReader>, Deliver>> history;  // mu
};

// One SSE reader. `cursor` is the last seq it was sent or had skipped.
class FeedReader final : public BodyStream,
                         public std::enable_shared_from_this<FeedReader> {
 public:
  FeedReader(std::shared_ptr<AuditFeed::Core> core, AuditFilter filter,
             uint64_t after_seq, uint64_t history_end)
      : core_(std::move(core)),
        filter_(std::move(filter)),
        cursor_(after_seq),
        history_end_(history_end) {}

  void Next(Deliver deliver) override;
  void Cancel() override;

  const AuditFilter& filter() const { return filter_; }
  // Queues a live item; returns the delivery it completes, if any.
  std::optional<std::pair<Deliver, std::string>> Offer(const AuditItem& item);
  // The heartbeat to deliver, if this reader has waited long enough.
  std::optional<Deliver> DueHeartbeat(FeedClock::time_point now);
  // The history still to send, (after_seq, to_seq]; nullopt when none.
  std::optional<std::pair<uint64_t, uint64_t>> History();
  // History up to `seq` was sent or had nothing for this reader.
  void AdvanceHistory(uint64_t seq);
  // Closes the reader without detaching it from the feed (the feed did).
  void End();

 private:
  // The next piece from the queue (or the too_slow notice); nullopt when
  // there is nothing to send yet. REQUIRES: mu_ held.
  std::optional<std::string> TakePiece();

  const std::shared_ptr<AuditFeed::Core> core_;
  const AuditFilter filter_;
  std::mutex mu_;
  uint64_t cursor_;             // guarded by mu_
  const uint64_t history_end_;  // where live delivery takes over
  std::deque<Queued> queue_;    // guarded by mu_
  std::optional<Deliver> pending_;
  FeedClock::time_point pending_since_;
  bool overflowed_ = false;  // guarded by mu_
  bool closed_ = false;      // guarded by mu_
};

}  // namespace keytrail::audit

#endif  // KEYTRAIL_AUDIT_AUDIT_FEED_INTERNAL_H_
