#include "http/verify/usage_recorder.h"

#include <functional>
#include <utility>
#include <vector>

#include "eventstore/background_priority.h"
#include "http/log.h"

namespace keytrail::http {

namespace {

// Reused per thread so that recording a known key allocates nothing.
thread_local std::string t_key;

}  // namespace

UsageRecorder::UsageRecorder(eventstore::EventStore& store,
                             projections::ProjectionEngine& engine,
                             const app::Clock& clock,
                             UsageRecorderOptions options)
    : store_(store),
      engine_(engine),
      clock_(clock),
      options_(options),
      // Nothing of this process is in the log yet: every TokenUsed up to
      // the head was appended before, and is not in any TokenLive.
      index_(std::make_shared<VerifyIndex>(store.HeadSeq())),
      projection_(std::make_shared<UsageProjection>(store)) {}

UsageRecorder::~UsageRecorder() { Stop(); }

Status UsageRecorder::Start() {
  std::lock_guard lock(run_mu_);
  if (started_) return OkStatus();
  if (Status attached = UsageProjection::AttachTo(projection_, engine_);
      !attached.ok()) {
    return attached;
  }
  VerifyIndex::AttachTo(index_, engine_);
  started_ = true;
  flusher_ = std::thread([this] { Run(); });
  return OkStatus();
}

void UsageRecorder::Stop() {
  {
    std::lock_guard lock(run_mu_);
    if (!started_ || stopping_) return;
    stopping_ = true;
  }
  run_cv_.notify_all();
  if (flusher_.joinable()) flusher_.join();
  {
    std::lock_guard flush(flush_mu_);
    FlushOnce(/*final=*/true);
  }
  projection_->Stop();
}

Status UsageRecorder::Flush() {
  uint64_t last_seq = 0;
  {
    std::lock_guard flush(flush_mu_);
    last_seq = FlushOnce(/*final=*/false);
  }
  if (last_seq == 0) last_seq = store_.HeadSeq();
  if (Status applied = engine_.WaitUntilApplied(last_seq, options_.flush_wait);
      !applied.ok()) {
    return applied;
  }
  return projection_->WaitUntilWritten(last_seq, options_.flush_wait);
}

void UsageRecorder::Run() {
  // Flushes (and the threads they start, which inherit it) yield to the
  // verifications they record (background_priority.h).
  if (!eventstore::SetCurrentThreadNice(eventstore::kBackgroundNice)) {
    Log(spdlog::level::debug, "usage flusher keeps normal priority");
  }
  std::unique_lock lock(run_mu_);
  while (!stopping_) {
    run_cv_.wait_for(lock, options_.flush_interval, [&] { return stopping_; });
    if (stopping_) break;
    lock.unlock();
    {
      std::lock_guard flush(flush_mu_);
      FlushOnce(/*final=*/false);
    }
    lock.lock();
  }
}

UsageRecorder::Shard& UsageRecorder::ShardOf(std::string_view key) {
  return shards_[std::hash<std::string_view>{}(key) % kShards];
}

void UsageRecorder::Record(const VerifySnapshot* snapshot, VerifyCode code,
                           std::string_view ip, Micros now) {
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

void UsageRecorder::RecordUsed(const VerifySnapshot& snapshot,
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

std::optional<LiveUsage> UsageRecorder::LiveUsageOf(
    std::string_view token_id) const {
  std::shared_ptr<const VerifySnapshot> snapshot = index_->FindToken(token_id);
  if (snapshot == nullptr) return std::nullopt;
  return snapshot->live().Get();
}

UsageStats UsageRecorder::stats() const {
  return UsageStats{events_appended_.load(), dropped_.load(), flushes_.load(),
                    failed_appends_.load(),
                    static_cast<double>(last_window_us_.load()) / 1e6};
}

}  // namespace keytrail::http
