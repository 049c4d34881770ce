// UsageProjection: timelines, usage buckets and account activity (docs/api.md
// §5), folded from the log into side table "usage" (layout in
// usage_format.cc) so that a window query range-scans only that window.
//
// Feeding. An engine listener turns each event into rows and queues them;
// one writer thread writes the queue in batches (one RocksDB write per
// batch, with the seq it reaches), so the applier never waits for it. The
// table is derived (SideTableWrites::kDerived): its writes are not
// fsynced, and after a machine crash it catches up from the log like after
// any restart. On attach, events between the seq the table holds and the
// engine's are read back from the store first (catch-up after a restart or
// a crash); rows are keyed by seq, so writing one twice changes nothing.
//
// Reads wait (WaitUntilWritten) until the table holds what the engine had
// applied when the request began: a timeline read after a command shows it.
//
// On a store shared by a cluster the table is shared too, and only the
// leader (EventStore::IsLeader) writes it: the rows would be the same from
// every node. A follower drops its rows and its reads wait until the
// table's seq (written by the leader with its rows) reaches theirs. A node
// that becomes the leader first writes the rows it dropped that the table
// does not hold yet (from the table's seq on), so a dead leader's unwritten
// rows are not lost. On a store one process owns, that process leads.
//
// Thread safety: queries and WaitUntilWritten() from any thread; Stop()
// from one thread. The listener runs on the engine's applier thread.
#ifndef KEYTRAIL_PROJECTIONS_USAGE_PROJECTION_H_
#define KEYTRAIL_PROJECTIONS_USAGE_PROJECTION_H_

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "base/fresh_read.h"
#include "base/result.h"
#include "domain/events.h"
#include "eventstore/event_store.h"
#include "projections/cursor.h"
#include "projections/projection_engine.h"

namespace keytrail::projections {

// A window of event times, [since, until).
struct TimeWindow {
  Micros since = 0;
  Micros until = INT64_MAX;
};

struct TimelineEntry {
  uint64_t seq = 0;
  Micros time = 0;
  std::string type;
  Actor actor;
  std::string data_json;  // the event's canonical JSON data
};
struct TimelinePage {
  std::vector<TimelineEntry> items;  // oldest first
  std::optional<std::string> next_cursor;
};

// One bucket of GET /tokens/{id}/usage: an IP or an hour.
struct UsageBucket {
  std::string ip;   // by=ip
  Micros hour = 0;  // by=hour: the start of the hour
  int64_t count = 0;
  Micros first_used_at = 0;
  Micros last_used_at = 0;
};
enum class UsageBy { kIp, kHour };
struct UsagePage {
  std::vector<UsageBucket> items;
  std::optional<std::string> next_cursor;
};

// One token of GET /accounts/{account}/activity.
struct TokenActivity {
  std::string token_id;
  int64_t count = 0;
  Micros first_used_at = 0;
  Micros last_used_at = 0;
  std::vector<std::string> ips;  // sorted
};
struct ActivityPage {
  std::vector<TokenActivity> items;  // last_used_at, newest first
  std::optional<std::string> next_cursor;
};

// GET /accounts/{account}/analytics: verifications of the account's tokens
// counted by outcome ("VALID", "REVOKED", "EXPIRED", ...) per bucket.
enum class AnalyticsBy { kOutcome, kToken, kHour, kIp };
struct AnalyticsBucket {
  std::string key;  // the outcome, token id or IP; "" for by=hour
  Micros hour = 0;  // by=hour: the start of the hour
  std::map<std::string, int64_t> counts;  // outcome -> verifications
  int64_t total = 0;
};
struct AnalyticsResult {
  // by=hour: oldest first; otherwise the largest total first (then key).
  std::vector<AnalyticsBucket> items;
  bool truncated = false;  // more than `limit` buckets: the rest left out
};

class UsageProjection {
 public:
  // `store` must outlive the projection.
  explicit UsageProjection(eventstore::EventStore& store);
  ~UsageProjection();
  UsageProjection(const UsageProjection&) = delete;
  UsageProjection& operator=(const UsageProjection&) = delete;

  // Adds the listener to `engine` and starts the writer. Fails when the
  // table cannot be read. `self` is kept alive by the listener.
  static Status AttachTo(const std::shared_ptr<UsageProjection>& self,
                         projections::ProjectionEngine& engine);
  // Writes what is queued and stops the writer. Idempotent.
  void Stop();

  // Waits until every event up to `seq` is in the table; kUnavailable
  // after `timeout`.
  Status WaitUntilWritten(uint64_t seq,
                          std::chrono::milliseconds timeout) const;
  uint64_t written_seq() const { return written_seq_.load(); }

  // The events of token `token_id` in `window`, oldest first.
  Result<TimelinePage> Timeline(const std::string& token_id,
                                const TimeWindow& window,
                                const projections::PageRequest& page) const;
  // TokenUsed of `token_id` in `window`, per IP or per hour.
  Result<UsagePage> Usage(const std::string& token_id, const TimeWindow& window,
                          UsageBy by,
                          const projections::PageRequest& page) const;
  // The tokens of `account_id` used in `window`, last used first.
  Result<ActivityPage> Activity(const std::string& account_id,
                                const TimeWindow& window,
                                const projections::PageRequest& page) const;
  // The verifications of `account_id`'s tokens in `window` (by the time
  // their usage event was written), per outcome and bucket; at most
  // `limit` buckets (usage_analytics.cc).
  Result<AnalyticsResult> Analytics(const std::string& account_id,
                                    const TimeWindow& window, AnalyticsBy by,
                                    size_t limit) const;

 private:
  using Rows = std::vector<std::pair<std::string, std::optional<std::string>>>;
  struct Queued {
    uint64_t seq = 0;
    Rows rows;
  };

  // The seq the table holds, after clearing a table of an older layout
  // (usage_format.h kFormatVersion) or one ahead of the log: both are then
  // folded again from the start.
  Result<uint64_t> PrepareTable();
  void OnEvent(const eventstore::RecordedEvent& recorded, const Event& event);
  void Run(uint64_t attach_seq);
  // Writes the rows of `batch` when this node leads (after writing what it
  // dropped while it did not); drops them otherwise.
  Status Handle(std::deque<Queued>& batch);
  // The seq the table holds (its meta row; 0 when none).
  Result<uint64_t> ReadTableSeq() const;
  Status CatchUp(uint64_t from_seq, uint64_t to_seq);
  Status WriteRows(Rows rows, uint64_t seq);
  // Deletes every row.
  Status Clear();

  eventstore::EventStore& store_;
  eventstore::SideTable* table_;

  mutable std::mutex mu_;
  mutable std::condition_variable queued_cv_;
  mutable std::condition_variable written_cv_;
  std::deque<Queued> queue_;      // guarded by mu_
  bool stopping_ = false;         // guarded by mu_
  std::optional<Error> failure_;  // guarded by mu_
  // On a shared store, while another node leads: this node drops its rows
  // (through dropped_through_) and follows the table's seq.
  bool following_ = false;        // guarded by mu_
  uint64_t dropped_through_ = 0;  // guarded by mu_
  // Mutable: a follower's WaitUntilWritten raises it to the leader's.
  mutable std::atomic<uint64_t> written_seq_{0};
  // The table's seq as the leader wrote it, for a follower's waiting reads:
  // concurrent ones share a read (base/fresh_read.h).
  mutable FreshRead<Result<uint64_t>> leaders_seq_{
      [this] { return ReadTableSeq(); }};
  std::thread writer_;
};

// Appends the rows event `event` (recorded as `recorded`) adds to the
// usage table to `rows`.
void UsageRowsOf(
    const eventstore::RecordedEvent& recorded, const Event& event,
    std::vector<std::pair<std::string, std::optional<std::string>>>& rows);

}  // namespace keytrail::projections

#endif  // KEYTRAIL_PROJECTIONS_USAGE_PROJECTION_H_
