#include "projections/projection_engine.h"

#include <utility>

#include "base/thread_name.h"
#include "projections/checkpoint.h"
#include "projections/fold.h"

namespace keytrail::projections {

Result<std::unique_ptr<ProjectionEngine>> ProjectionEngine::Start(
    eventstore::EventStore& store, const ProjectionEngineOptions& options) {
  Result<LoadedCheckpoint> loaded = LoadCheckpoint(store);
  if (!loaded.ok()) return loaded.error();
  StartInfo info;
  info.ignored_reason = loaded->ignored_reason;
  Views views;
  if (loaded->views) {
    info.checkpoint_seq = loaded->views->applied_seq();
    if (info.checkpoint_seq <= store.HeadSeq()) {
      views = std::move(*loaded->views);
    } else {  // the log lost its tail (an async store after a crash)
      info.ignored_reason = "checkpoint is ahead of the log's head";
    }
  }
  std::unique_ptr<ProjectionEngine> engine(
      new ProjectionEngine(store, options, std::move(views)));
  engine->start_info_ = std::move(info);
  ProjectionEngine* raw = engine.get();
  std::lock_guard lock(engine->stop_mu_);
  engine->subscription_ =
      store.Subscribe(raw->views_.applied_seq(),
                      [raw](const eventstore::RecordedEvent& recorded) {
                        raw->OnEvent(recorded);
                      });
  return engine;
}

ProjectionEngine::ProjectionEngine(eventstore::EventStore& store,
                                   const ProjectionEngineOptions& options,
                                   Views views)
    : store_(store),
      options_(options),
      views_(std::move(views)),
      applied_seq_(views_.applied_seq()),
      checkpoint_seq_(views_.applied_seq()),
      checkpoint_time_(std::chrono::steady_clock::now()) {}

ProjectionEngine::~ProjectionEngine() {
  Status ignored = Stop();  // the destructor has no one to report to
  (void)ignored;
}

Status ProjectionEngine::Stop() {
  std::lock_guard lock(stop_mu_);
  if (stopped_) return OkStatus();
  stopped_ = true;
  if (subscription_) subscription_->Cancel();  // the applier is idle now
  subscription_.reset();
  if (failed_.load() || views_.applied_seq() == checkpoint_seq_ ||
      !store_.IsLeader()) {
    return OkStatus();
  }
  std::shared_lock read(views_mu_);
  Status written = WriteCheckpoint(store_, views_);
  if (written.ok()) {
    checkpoint_seq_ = views_.applied_seq();
    checkpoints_written_.fetch_add(1);
  }
  return written;
}

void ProjectionEngine::OnEvent(const eventstore::RecordedEvent& recorded) {
  NameThisThreadOnce("kt-apply");
  uint64_t applied = applied_seq_.load();
  if (failed_.load() || recorded.seq <= applied) return;
  if (recorded.seq != applied + 1) {
    return Fail(Error::Make(ErrorCode::kCorruption,
                            "event " + std::to_string(recorded.seq) +
                                " arrived after " + std::to_string(applied) +
                                ": the subscription skipped events"));
  }
  Result<Event> event = DecodeRecorded(recorded);
  if (!event.ok()) return Fail(event.error());
  {
    std::lock_guard listeners(listeners_mu_);
    {
      std::unique_lock write(views_mu_);
      views_.Apply(recorded, *event);
    }
    for (const Listener& listener : listeners_) listener(recorded, *event);
  }
  events_applied_.fetch_add(1);
  Publish(recorded.seq);
  MaybeCheckpoint();
}

void ProjectionEngine::Publish(uint64_t seq) {
  std::lock_guard lock(wait_mu_);
  applied_seq_.store(seq);
  auto reached = waiters_.upper_bound(seq);
  for (auto it = waiters_.begin(); it != reached; ++it)
    it->second->notify_one();
  waiters_.erase(waiters_.begin(), reached);
}

void ProjectionEngine::Fail(Error error) {
  std::lock_guard lock(wait_mu_);
  failure_ = std::move(error);
  failed_.store(true);
  for (auto& [seq, cv] : waiters_) cv->notify_one();
  waiters_.clear();
}

void ProjectionEngine::MaybeCheckpoint() {
  uint64_t pending = views_.applied_seq() - checkpoint_seq_;
  const uint64_t threshold = std::max(
      options_.checkpoint_every_events,
      options_.checkpoint_events_per_aggregate * views_.aggregate_count());
  auto now = std::chrono::steady_clock::now();
  if (pending < threshold &&
      now - checkpoint_time_ < options_.checkpoint_interval) {
    return;
  }
  // The applier is the only writer of views_, so it reads them unlocked.
  // A failed write is retried at the next trigger; the log is the truth.
  // On a cluster only the leader writes the shared checkpoint: the others
  // fold the same log to the same image (leadership.h).
  checkpoint_time_ = now;
  if (!store_.IsLeader()) return;
  if (WriteCheckpoint(store_, views_).ok()) {
    checkpoint_seq_ = views_.applied_seq();
    checkpoints_written_.fetch_add(1);
  }
}

Status ProjectionEngine::WaitUntilApplied(
    uint64_t seq, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(wait_mu_);
  if (applied_seq_.load() < seq && !failure_) {
    std::condition_variable cv;
    waiters_.emplace(seq, &cv);
    cv.wait_for(lock, timeout,
                [&] { return applied_seq_.load() >= seq || failure_; });
    // On a timeout the entry is still there; Publish() removes the others.
    for (auto it = waiters_.lower_bound(seq);
         it != waiters_.end() && it->first == seq; ++it) {
      if (it->second == &cv) {
        waiters_.erase(it);
        break;
      }
    }
  }
  if (applied_seq_.load() >= seq) return OkStatus();
  if (failure_) return *failure_;
  return Error::Make(ErrorCode::kUnavailable,
                     "the views did not reach seq " + std::to_string(seq) +
                         " in time (at " + std::to_string(applied_seq_.load()) +
                         ")");
}

bool ProjectionEngine::CaughtUp() const {
  return !failed_.load() && applied_seq_.load() >= store_.HeadSeq();
}

std::optional<Error> ProjectionEngine::failure() const {
  std::lock_guard lock(wait_mu_);
  return failure_;
}

void ProjectionEngine::AddListener(
    Listener listener, const std::function<void(const Views&)>& attach) {
  std::lock_guard lock(listeners_mu_);
  if (attach) {
    std::shared_lock read(views_mu_);
    attach(views_);
  }
  listeners_.push_back(std::move(listener));
}

}  // namespace keytrail::projections
