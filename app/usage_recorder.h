// UsageRecorder: the verification side of keytrail that outlives requests.
// It owns the VerifyIndex (secret hash -> token snapshot) and the
// UsageProjection (timelines, usage, activity), both fed by the
// ProjectionEngine, and records every verification (docs/api.md §4):
//
//   * at once, in memory: the token's last_used_at, last_used_ip and
//     use_count (TokenLive; LiveUsageOf() answers them);
//   * in the log, by a flush every `flush_interval` (see below):
//       TokenUsed            per (token, client IP): count, first, last;
//       TokenUseRejected     per (token, code, client IP), known tokens;
//       UnknownTokenRejected per client IP in `_system` (MALFORMED and
//                            NOT_FOUND).
//     Usage events are appended with ExpectedVersion::Any() and the actor
//     {token: the token, ip: the client}.
//
// Recording takes one lock among kShards, chosen by the token (or the IP
// for unknown secrets), for a map update; no lock is shared by all threads.
//
// Flushing is two threads. A swapper at normal priority takes every
// shard's maps (swapping in empty ones) every FlushWaitAfter() the last
// take (one second while few keys are in use, up to ten with many), but
// only once the previous take is appended, and hands them to an appender at
// background priority (base/background_priority.h), which builds the
// events and appends them with EventStore::AppendEach(), in chunks from a
// few threads so the store group-commits them. Verification never waits
// for a flush, and the shard locks the I/O threads take are only ever held
// by normal-priority threads. On a saturated machine the appender gets
// less CPU and finishes later, so the next take covers a longer window:
// overload aggregates harder (UsageStats::last_window_seconds).
//
// A shard never holds more than `max_keys_per_shard` keys; a use that
// would need another key is not recorded in the log and is counted in
// dropped() (and logged with the next append). An append that fails gives
// its counts to the next take; the final flush in Stop() counts what it
// could not append as dropped. A crash loses at most the current window
// of usage, never a command.
//
// Lifecycle: construct after the engine started, Start() before the HTTP
// server serves, Stop() after it stopped serving and before the engine
// stops. The engine keeps the listeners (and through them the index and
// projection) alive; it must not outlive the store.
//
// Thread safety: Record*(), LiveUsageOf(), index(), projection() and the
// counters from any thread; Start(), Stop() and Flush() from one thread.
#ifndef KEYTRAIL_APP_USAGE_RECORDER_H_
#define KEYTRAIL_APP_USAGE_RECORDER_H_

#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

#include "app/usage_pending.h"
#include "app/verify_results.h"
#include "base/clock.h"
#include "base/result.h"
#include "domain/verification.h"
#include "eventstore/event_store.h"
#include "projections/projection_engine.h"
#include "projections/render.h"
#include "projections/usage_projection.h"
#include "projections/verify_index.h"

namespace keytrail::app {

struct UsageRecorderOptions {
  // How often the flusher appends what was recorded while few keys are in
  // use (docs/api.md §4). Default: 1 s.
  std::chrono::milliseconds flush_interval{1000};
  // The usage log's budget. An event is written per key and take, so a
  // take of K keys makes the next take wait K / usage_events_per_second,
  // at least `flush_interval` and at most `max_flush_interval`: with many
  // tokens in use each event covers a longer window and recording them
  // costs a bounded share of the CPU (45 to 90 us of it per event, README
  // "Performance") and of the log's growth. Defaults: 2,000 events/s
  // (1 s windows up to 2,000 keys, 10 s from 20,000), 10 s.
  double usage_events_per_second = 2000;
  std::chrono::milliseconds max_flush_interval{10'000};
  // Most distinct keys ((token, IP), (token, code, IP) or IP) one of the
  // 64 shards holds between two flushes. Default: 16384 (about 1M keys).
  size_t max_keys_per_shard = 16384;
  // Streams one EventStore::AppendEach() call of a flush carries, and the
  // threads making those calls in parallel: the store commits the appends
  // waiting together with one fsync, so flush_threads * flush_chunk bounds
  // the streams per fsync. Defaults: 32 streams, 1 thread: the store's
  // writer and applier (normal priority) then work one small chunk at a
  // time, and the next is handed over only when this background thread
  // gets the CPU, so verifications never queue behind a whole flush
  // (measured in README "Performance"). ForSharedStore() for a store shared
  // by nodes.
  size_t flush_chunk = 32;
  int flush_threads = 1;
  // On a store shared by a cluster (PostgreSQL) every commit takes the
  // log head's lock that all nodes' commits share: few large commits
  // (256 streams, 4 threads) keep a flush from holding it hundreds of
  // times per second.
  UsageRecorderOptions& ForSharedStore() {
    flush_chunk = 256;
    flush_threads = 4;
    return *this;
  }
  // How long Flush() waits for the engine and the usage projection to
  // catch up with what it appended. Default: 10 s.
  std::chrono::milliseconds flush_wait{10'000};
  // The name of this node, written into its usage events (`node`) so that a
  // timeline shows which node of a cluster saw a use. Default: "" (unnamed,
  // a single node).
  std::string node;
};

// Counters for /metrics.
struct UsageStats {
  uint64_t events_appended = 0;  // usage events written to the log
  uint64_t dropped = 0;          // verifications not recorded in the log
  uint64_t flushes = 0;
  uint64_t failed_appends = 0;  // appends that failed (counts requeued)
  // The span of time the last flush aggregated: FlushWaitAfter() the take
  // before while the machine keeps up,
  // longer when it is saturated (the flusher runs at background priority).
  // 0 before the second flush.
  double last_window_seconds = 0;
  // Verifications answered, by code (static_cast<size_t>(VerifyCode)).
  VerifyResultCounts::Totals verify_results{};
};

// How long the take after one of `keys` keys waits (see
// UsageRecorderOptions::usage_events_per_second).
std::chrono::milliseconds FlushWaitAfter(size_t keys,
                                         const UsageRecorderOptions& options);

class UsageRecorder {
 public:
  static constexpr size_t kShards = 64;

  // The arguments must outlive the recorder.
  UsageRecorder(eventstore::EventStore& store,
                projections::ProjectionEngine& engine, const Clock& clock,
                UsageRecorderOptions options = {});
  // Stop()s.
  ~UsageRecorder();
  UsageRecorder(const UsageRecorder&) = delete;
  UsageRecorder& operator=(const UsageRecorder&) = delete;

  // Loads the index and the usage projection from the engine's views,
  // attaches both to it, and starts the flusher. Fails when the usage
  // table cannot be read.
  [[nodiscard]] Status Start();
  // Stops the flusher and flushes what is left. Idempotent.
  void Stop();
  // Appends everything recorded so far, then waits until the engine
  // applied it and the usage projection wrote it.
  [[nodiscard]] Status Flush();

  const projections::VerifyIndex& index() const { return *index_; }
  projections::UsageProjection& projection() { return *projection_; }

  // Records one verification answered `code` for the token of `snapshot`
  // (nullptr when the secret was malformed or unknown), from `ip`, and
  // counts it in UsageStats::verify_results.
  void Record(const projections::VerifySnapshot* snapshot, VerifyCode code,
              std::string_view ip, Micros now);
  // Records a management call authenticated by token `token_id` as a use.
  void RecordUse(std::string_view token_id, std::string_view ip, Micros now);
  // The live usage of `token_id`; nullopt when the index does not know it.
  std::optional<projections::LiveUsage> LiveUsageOf(
      std::string_view token_id) const;

  UsageStats stats() const;

 private:
  struct Shard {
    std::mutex mu;
    PendingUsage pending;  // guarded by mu
  };

  void RecordUsed(const projections::VerifySnapshot& snapshot,
                  std::string_view ip, Micros now);
  Shard& ShardOf(std::string_view key);

  // The swapper (normal priority): every flush_interval, once the appender
  // is idle, takes every shard's pending uses and hands them over.
  void RunSwapper();
  // The appender (background priority): appends what it is handed.
  void RunAppender();
  // Takes every shard's pending uses, and the counts of failed appends, as
  // of `now`. REQUIRES: state_mu_ held.
  std::vector<PendingUsage> TakePendingLocked(Micros now);
  // Appends `taken` (usage_flush.cc); returns the last seq appended (0:
  // nothing) and puts the counts of failed appends in `*failed`.
  uint64_t AppendTaken(std::vector<PendingUsage> taken, Micros at,
                       PendingUsage* failed);

  eventstore::EventStore& store_;
  projections::ProjectionEngine& engine_;
  const Clock& clock_;
  const UsageRecorderOptions options_;
  std::shared_ptr<projections::VerifyIndex> index_;
  std::shared_ptr<projections::UsageProjection> projection_;
  std::array<Shard, kShards> shards_;

  VerifyResultCounts verify_results_;
  std::atomic<uint64_t> events_appended_{0};
  std::atomic<uint64_t> dropped_{0};
  std::atomic<uint64_t> flushes_{0};
  std::atomic<uint64_t> failed_appends_{0};
  std::atomic<int64_t> last_window_us_{0};
  std::atomic<uint64_t> dropped_logged_{0};

  // Lock order: state_mu_, then a shard's mu. The appender never takes a
  // shard's mu (it would run the I/O threads' critical section at
  // background priority).
  std::mutex state_mu_;
  std::condition_variable state_cv_;
  bool started_ = false;   // guarded by state_mu_
  bool stopping_ = false;  // guarded by state_mu_
  bool busy_ = false;      // a take is being appended; guarded by state_mu_
  std::vector<PendingUsage> handed_;  // guarded by state_mu_
  Micros handed_at_ = 0;              // guarded by state_mu_
  bool has_handed_ = false;           // guarded by state_mu_
  PendingUsage requeued_;      // counts of failed appends; guarded by state_mu_
  Micros last_take_at_ = 0;    // guarded by state_mu_
  size_t last_take_keys_ = 0;  // guarded by state_mu_
  std::thread swapper_;
  std::thread appender_;
};

}  // namespace keytrail::app

#endif  // KEYTRAIL_APP_USAGE_RECORDER_H_
