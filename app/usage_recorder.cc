#include "app/usage_recorder.h"

#include <algorithm>
#include <functional>
#include <utility>
#include <vector>

#include "base/background_priority.h"
#include "base/log.h"
#include "base/thread_name.h"

namespace keytrail::app {

namespace {

// Reused per thread so that recording a known key allocates nothing.
thread_local std::string t_key;

}  // namespace

UsageRecorder::UsageRecorder(eventstore::EventStore& store,
                             projections::ProjectionEngine& engine,
                             const Clock& clock, UsageRecorderOptions options)
    : store_(store),
      engine_(engine),
      clock_(clock),
      options_(options),
      // Nothing of this process is in the log yet: every TokenUsed up to
      // the head was appended before, and is not in any TokenLive.
      index_(std::make_shared<projections::VerifyIndex>(store.HeadSeq())),
      projection_(std::make_shared<projections::UsageProjection>(store)) {}

UsageRecorder::~UsageRecorder() { Stop(); }

Status UsageRecorder::Start() {
  std::lock_guard lock(state_mu_);
  if (started_) return OkStatus();
  if (Status attached =
          projections::UsageProjection::AttachTo(projection_, engine_);
      !attached.ok()) {
    return attached;
  }
  projections::VerifyIndex::AttachTo(index_, engine_);
  started_ = true;
  swapper_ = std::thread([this] { RunSwapper(); });
  appender_ = std::thread([this] { RunAppender(); });
  return OkStatus();
}

void UsageRecorder::Stop() {
  {
    std::lock_guard lock(state_mu_);
    if (!started_ || stopping_) return;
    stopping_ = true;
  }
  state_cv_.notify_all();
  if (swapper_.joinable()) swapper_.join();
  if (appender_.joinable()) appender_.join();  // appends what it was handed
  std::vector<PendingUsage> taken;
  const Micros now = clock_.Now();
  {
    std::lock_guard lock(state_mu_);
    taken = TakePendingLocked(now);
  }
  PendingUsage failed;
  AppendTaken(std::move(taken), now, &failed);
  if (!failed.empty()) {
    const auto uses = static_cast<uint64_t>(failed.TotalUses());
    dropped_.fetch_add(uses);
    Log(spdlog::level::err, "final usage flush failed; uses dropped",
        {{"uses", uses}});
  }
  projection_->Stop();
}

Status UsageRecorder::Flush() {
  std::vector<PendingUsage> taken;
  const Micros now = clock_.Now();
  {
    std::unique_lock lock(state_mu_);
    state_cv_.wait(lock, [&] { return !busy_; });
    taken = TakePendingLocked(now);
    busy_ = true;
  }
  PendingUsage failed;
  uint64_t last_seq = AppendTaken(std::move(taken), now, &failed);
  {
    std::lock_guard lock(state_mu_);
    requeued_.Merge(failed);
    busy_ = false;
  }
  state_cv_.notify_all();
  if (last_seq == 0) last_seq = store_.HeadSeq();
  if (Status applied = engine_.WaitUntilApplied(last_seq, options_.flush_wait);
      !applied.ok()) {
    return applied;
  }
  return projection_->WaitUntilWritten(last_seq, options_.flush_wait);
}

std::chrono::milliseconds FlushWaitAfter(size_t keys,
                                         const UsageRecorderOptions& options) {
  const double budget = std::max(options.usage_events_per_second, 1e-3);
  const auto wait = std::chrono::milliseconds(static_cast<int64_t>(
      std::min(static_cast<double>(keys) / budget, 86'400.0) * 1000));
  return std::clamp(
      wait, options.flush_interval,
      std::max(options.flush_interval, options.max_flush_interval));
}

void UsageRecorder::RunSwapper() {
  NameThisThread("kt-usage-swap");
  std::unique_lock lock(state_mu_);
  while (!stopping_) {
    const std::chrono::milliseconds interval =
        FlushWaitAfter(last_take_keys_, options_);
    state_cv_.wait_for(lock, interval, [&] { return stopping_; });
    state_cv_.wait(lock, [&] { return stopping_ || !busy_; });
    if (stopping_) break;
    handed_at_ = clock_.Now();
    handed_ = TakePendingLocked(handed_at_);
    has_handed_ = true;
    busy_ = true;
    state_cv_.notify_all();
  }
}

void UsageRecorder::RunAppender() {
  NameThisThread("kt-usage-append");
  // The events of a take are built and appended at background priority, so
  // that on a saturated machine the verifications keep the CPU
  // (background_priority.h); the threads it starts inherit it.
  if (!SetCurrentThreadNice(kBackgroundNice)) {
    Log(spdlog::level::debug, "usage appender keeps normal priority");
  }
  std::unique_lock lock(state_mu_);
  while (true) {
    state_cv_.wait(lock, [&] { return stopping_ || has_handed_; });
    if (!has_handed_) return;  // stopping, and everything handed appended
    std::vector<PendingUsage> taken = std::move(handed_);
    handed_.clear();
    has_handed_ = false;
    const Micros at = handed_at_;
    lock.unlock();
    PendingUsage failed;
    AppendTaken(std::move(taken), at, &failed);
    lock.lock();
    requeued_.Merge(failed);
    busy_ = false;
    state_cv_.notify_all();
  }
}

std::vector<PendingUsage> UsageRecorder::TakePendingLocked(Micros now) {
  if (last_take_at_ != 0) last_window_us_.store(now - last_take_at_);
  last_take_at_ = now;
  std::vector<PendingUsage> taken;
  for (Shard& shard : shards_) {
    PendingUsage pending;
    {
      std::lock_guard lock(shard.mu);
      std::swap(pending, shard.pending);
    }
    if (!pending.empty()) taken.push_back(std::move(pending));
  }
  last_take_keys_ = 0;
  for (const PendingUsage& pending : taken) last_take_keys_ += pending.keys();
  if (!requeued_.empty()) {
    taken.push_back(std::move(requeued_));
    requeued_ = PendingUsage();
  }
  return taken;
}

UsageRecorder::Shard& UsageRecorder::ShardOf(std::string_view key) {
  return shards_[std::hash<std::string_view>{}(key) % kShards];
}

void UsageRecorder::Record(const projections::VerifySnapshot* snapshot,
                           VerifyCode code, std::string_view ip, Micros now) {
  verify_results_.Count(code);
  if (snapshot == nullptr) {
    Shard& shard = ShardOf(ip);
    std::lock_guard lock(shard.mu);
    if (!AddUse(shard.pending, shard.pending.unknown, ip, now,
                options_.max_keys_per_shard)) {
      dropped_.fetch_add(1, std::memory_order_relaxed);
    }
    return;
  }
  if (code == VerifyCode::kValid) return RecordUsed(*snapshot, ip, now);
  RejectedKey(t_key, snapshot->id(), snapshot->account_id(), ToString(code),
              ip);
  Shard& shard = ShardOf(snapshot->id());
  std::lock_guard lock(shard.mu);
  if (!AddUse(shard.pending, shard.pending.rejected, t_key, now,
              options_.max_keys_per_shard)) {
    dropped_.fetch_add(1, std::memory_order_relaxed);
  }
}

void UsageRecorder::RecordUsed(const projections::VerifySnapshot& snapshot,
                               std::string_view ip, Micros now) {
  snapshot.live().Add(1, now, ip);
  UsedKey(t_key, snapshot.id(), snapshot.account_id(), ip);
  Shard& shard = ShardOf(snapshot.id());
  std::lock_guard lock(shard.mu);
  if (!AddUse(shard.pending, shard.pending.used, t_key, now,
              options_.max_keys_per_shard)) {
    dropped_.fetch_add(1, std::memory_order_relaxed);
  }
}

void UsageRecorder::RecordUse(std::string_view token_id, std::string_view ip,
                              Micros now) {
  if (auto snapshot = index_->FindToken(token_id)) {
    RecordUsed(*snapshot, ip, now);
  }
}

std::optional<projections::LiveUsage> UsageRecorder::LiveUsageOf(
    std::string_view token_id) const {
  std::shared_ptr<const projections::VerifySnapshot> snapshot =
      index_->FindToken(token_id);
  if (snapshot == nullptr) return std::nullopt;
  return snapshot->live().Get();
}

UsageStats UsageRecorder::stats() const {
  return UsageStats{events_appended_.load(),
                    dropped_.load(),
                    flushes_.load(),
                    failed_appends_.load(),
                    static_cast<double>(last_window_us_.load()) / 1e6,
                    verify_results_.totals()};
}

}  // namespace keytrail::app
