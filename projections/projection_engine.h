// ProjectionEngine: owns the live Views and keeps them up to date with the
// log.
//
// Start() loads the checkpoint (checkpoint.h) and subscribes to the store
// after its seq, so only the tail is replayed; with no usable checkpoint the
// whole log is. One applier thread (the subscription's) decodes each event,
// applies it under the exclusive lock, calls the listeners, then publishes
// the new applied seq. A checkpoint is written once
// max(`checkpoint_every_events`, `checkpoint_events_per_aggregate` x the
// aggregates held) events were applied since the last one, or after
// `checkpoint_interval`, whichever comes first, and by Stop() — by the
// leader of a cluster only (eventstore/leadership.h); the other nodes fold
// the same log to the same views and write none.
//
// An event that cannot be decoded stops the applier for good at that seq:
// failure() reports it, CaughtUp() stays false and WaitUntilApplied() for a
// later seq fails at once. Nothing is ever skipped.
//
// Thread safety: every public method may be called from any thread. Readers
// share a lock (Read(), WithViews()); keep them short, as the applier waits
// for them. Listeners run on the applier thread, in seq order, with no view
// lock held; a listener must not call Read() for long nor Stop().
#ifndef KEYTRAIL_PROJECTIONS_PROJECTION_ENGINE_H_
#define KEYTRAIL_PROJECTIONS_PROJECTION_ENGINE_H_

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <vector>

#include "base/result.h"
#include "domain/events.h"
#include "eventstore/event_store.h"
#include "projections/views.h"

namespace keytrail::projections {

struct ProjectionEngineOptions {
  // Write a checkpoint after this many events applied since the last one,
  // and at least checkpoint_events_per_aggregate per aggregate the views
  // hold. A checkpoint rewrites the whole image (bench_rebuild: ~3 µs a
  // token) while replaying costs ~0.4 µs an event, so under a stream of
  // usage events a fixed count alone would rewrite a million tokens every
  // few seconds, each time holding up the applier (and every command
  // waiting for it) for seconds. Defaults: 100000 and 4.
  uint64_t checkpoint_every_events = 100'000;
  uint64_t checkpoint_events_per_aggregate = 4;
  // ... or when an event is applied this long after the last checkpoint.
  // Each checkpoint rewrites the whole image, so a quiet system should not
  // write one often. Default: 5 min.
  std::chrono::milliseconds checkpoint_interval{5 * 60'000};
};

// What Start() found.
struct StartInfo {
  uint64_t checkpoint_seq = 0;  // the seq the checkpoint held (0: none)
  std::string ignored_reason;   // why an existing checkpoint was not used
};

class ProjectionEngine {
 public:
  // Called with each event after Views::Apply(), on the applier thread.
  using Listener =
      std::function<void(const eventstore::RecordedEvent&, const Event&)>;

  // Holds the shared lock while alive; views() is valid until then.
  class ReadLock {
   public:
    const Views& views() const { return *views_; }
    const Views* operator->() const { return views_; }

   private:
    friend class ProjectionEngine;
    ReadLock(std::shared_mutex& mu, const Views& views)
        : lock_(mu), views_(&views) {}
    std::shared_lock<std::shared_mutex> lock_;
    const Views* views_;
  };

  // Loads the checkpoint and starts applying. `store` must outlive the
  // engine. Fails only when the side table cannot be read.
  static Result<std::unique_ptr<ProjectionEngine>> Start(
      eventstore::EventStore& store, const ProjectionEngineOptions& options);

  // Stop()s.
  ~ProjectionEngine();
  ProjectionEngine(const ProjectionEngine&) = delete;
  ProjectionEngine& operator=(const ProjectionEngine&) = delete;

  // Stops applying and writes a checkpoint of what was applied (unless the
  // applier failed or this node is not the leader). Later calls do nothing
  // and return OK.
  Status Stop();

  ReadLock Read() const { return ReadLock(views_mu_, views_); }
  // Calls fn(const Views&) under the shared lock and returns its result.
  template <typename Fn>
  auto WithViews(Fn&& fn) const {
    ReadLock lock = Read();
    return fn(lock.views());
  }

  // Waits until every event up to `seq` is applied and has been given to
  // the listeners (read-your-writes for a command that appended up to
  // `seq`). kUnavailable after `timeout`; the applier's failure if it
  // stopped before `seq`.
  Status WaitUntilApplied(uint64_t seq,
                          std::chrono::milliseconds timeout) const;

  // The last seq applied and given to the listeners.
  uint64_t applied_seq() const { return applied_seq_.load(); }
  // Whether the views reflect the store's head (for /readyz).
  bool CaughtUp() const;
  // Why the applier stopped, if it did.
  std::optional<Error> failure() const;
  const StartInfo& start_info() const { return start_info_; }
  // Events applied since Start().
  uint64_t events_applied() const { return events_applied_.load(); }
  // Checkpoints written since Start().
  uint64_t checkpoints_written() const { return checkpoints_written_.load(); }

  // Adds `listener`. `attach`, when given, is called first with the views
  // as of the last seq the listener will not receive, so the listener's
  // owner can initialize from them without missing or doubling an event.
  void AddListener(Listener listener,
                   const std::function<void(const Views&)>& attach = {});

 private:
  ProjectionEngine(eventstore::EventStore& store,
                   const ProjectionEngineOptions& options, Views views);
  void OnEvent(const eventstore::RecordedEvent& recorded);
  void Publish(uint64_t seq);
  void Fail(Error error);
  void MaybeCheckpoint();

  eventstore::EventStore& store_;
  const ProjectionEngineOptions options_;
  StartInfo start_info_;

  mutable std::shared_mutex views_mu_;
  Views views_;  // guarded by views_mu_ (written by the applier only)

  // Held by the applier for a whole event (apply + listeners) and by
  // AddListener(); ordered before views_mu_.
  std::mutex listeners_mu_;
  std::vector<Listener> listeners_;  // guarded by listeners_mu_

  mutable std::mutex wait_mu_;
  // Callers of WaitUntilApplied() by the seq they wait for; each is woken
  // alone, once its seq is applied (no herd of waiters per event).
  mutable std::multimap<uint64_t, std::condition_variable*> waiters_;
  std::optional<Error> failure_;     // guarded by wait_mu_
  std::atomic<bool> failed_{false};  // failure_.has_value(), lock-free
  std::atomic<uint64_t> applied_seq_{0};
  std::atomic<uint64_t> events_applied_{0};
  std::atomic<uint64_t> checkpoints_written_{0};

  // Applier thread only.
  uint64_t checkpoint_seq_ = 0;
  std::chrono::steady_clock::time_point checkpoint_time_;

  std::mutex stop_mu_;
  std::unique_ptr<eventstore::Subscription> subscription_;  // guarded
  bool stopped_ = false;  // guarded by stop_mu_
};

}  // namespace keytrail::projections

#endif  // KEYTRAIL_PROJECTIONS_PROJECTION_ENGINE_H_
