// UsageProjection: feeding the usage table (the listener, the writer thread
// and the catch-up). The queries are in usage_queries.cc.
#include "projections/usage_projection.h"

#include <utility>

#include "base/log.h"
#include "base/thread_name.h"
#include "domain/verification.h"
#include "projections/fold.h"
#include "projections/usage_format.h"

namespace keytrail::projections {

namespace uf = usage_format;

namespace {

constexpr std::string_view kTokenStreamPrefix = "token-";
constexpr size_t kCatchUpBatch = 1024;
// On a shared store: how often a read waiting for the leader's rows reads
// the table's seq, and how often a node that dropped rows checks whether
// it leads now.
constexpr std::chrono::milliseconds kFollowPoll{5};
constexpr std::chrono::milliseconds kLeaderCheck{100};

}  // namespace

void UsageRowsOf(
    const eventstore::RecordedEvent& recorded, const Event& event,
    std::vector<std::pair<std::string, std::optional<std::string>>>& rows) {
  if (!recorded.stream.starts_with(kTokenStreamPrefix)) return;
  std::string_view token_id =
      std::string_view(recorded.stream).substr(kTokenStreamPrefix.size());
  uf::EventSummary summary{recorded.type, recorded.schema_version,
                           recorded.actor, recorded.payload};
  rows.emplace_back(uf::TokenEventKey(token_id, recorded.time, recorded.seq),
                    uf::EncodeSummary(summary));
  if (const auto* used = std::get_if<TokenUsed>(&event)) {
    uf::AccountUse use{used->token_id, used->ip, used->count, used->first_at,
                       used->last_at};
    rows.emplace_back(
        uf::AccountUseKey(used->account_id, recorded.time, recorded.seq),
        uf::EncodeAccountUse(use));
    rows.emplace_back(
        uf::AccountOutcomeKey(used->account_id, recorded.time, recorded.seq),
        uf::EncodeAccountOutcome({used->token_id,
                                  std::string(ToString(VerifyCode::kValid)),
                                  used->ip, used->count, used->first_at}));
  } else if (const auto* rejected = std::get_if<TokenUseRejected>(&event)) {
    rows.emplace_back(uf::AccountOutcomeKey(rejected->account_id, recorded.time,
                                            recorded.seq),
                      uf::EncodeAccountOutcome(
                          {rejected->token_id, rejected->code, rejected->ip,
                           rejected->count, rejected->first_at}));
  }
}

UsageProjection::UsageProjection(eventstore::EventStore& store)
    : store_(store),
      table_(store.Table(std::string(uf::kTableName),
                         eventstore::SideTableWrites::kDerived)) {}

UsageProjection::~UsageProjection() { Stop(); }

Result<uint64_t> UsageProjection::PrepareTable() {
  Result<uint64_t> table_seq = ReadTableSeq();
  if (!table_seq.ok()) return table_seq.error();
  uint64_t held = *table_seq;
  Result<std::optional<std::string>> version = table_->Get(uf::VersionKey());
  if (!version.ok()) return version.error();
  const bool current =
      version->has_value() && uf::DecodeSeq(**version) == uf::kFormatVersion;
  bool rebuild = false;
  if (!current && held > 0) {
    Log(spdlog::level::info, "usage table has an older layout; rebuilding",
        {{"table_seq", held}});
    rebuild = true;
  }
  if (held > store_.HeadSeq()) {
    // The log lost its tail (an async store after a crash): the table
    // holds rows of events that are gone.
    Log(spdlog::level::warn, "usage table is ahead of the log; rebuilding",
        {{"table_seq", held}, {"head_seq", store_.HeadSeq()}});
    rebuild = true;
  }
  if (rebuild) {
    if (Status cleared = Clear(); !cleared.ok()) return cleared.error();
    held = 0;
  }
  if (rebuild || !current) {
    Status marked =
        table_->Put(uf::VersionKey(), uf::EncodeSeq(uf::kFormatVersion));
    if (!marked.ok()) return marked.error();
  }
  return held;
}

Status UsageProjection::AttachTo(const std::shared_ptr<UsageProjection>& self,
                                 projections::ProjectionEngine& engine) {
  Result<uint64_t> prepared = self->PrepareTable();
  if (!prepared.ok()) return prepared.error();
  const uint64_t held = *prepared;
  self->written_seq_.store(held);
  uint64_t attach_seq = 0;
  engine.AddListener(
      [self](const eventstore::RecordedEvent& recorded, const Event& event) {
        self->OnEvent(recorded, event);
      },
      [&attach_seq](const projections::Views& views) {
        attach_seq = views.applied_seq();
      });
  self->writer_ =
      std::thread([raw = self.get(), attach_seq] { raw->Run(attach_seq); });
  return OkStatus();
}

void UsageProjection::Stop() {
  {
    std::lock_guard lock(mu_);
    if (stopping_) return;
    stopping_ = true;
  }
  queued_cv_.notify_all();
  if (writer_.joinable()) writer_.join();
}

void UsageProjection::OnEvent(const eventstore::RecordedEvent& recorded,
                              const Event& event) {
  Queued queued{recorded.seq, {}};
  UsageRowsOf(recorded, event, queued.rows);
  {
    std::lock_guard lock(mu_);
    if (stopping_) return;
    queue_.push_back(std::move(queued));
  }
  queued_cv_.notify_one();
}

Status UsageProjection::WaitUntilWritten(
    uint64_t seq, std::chrono::milliseconds timeout) const {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::unique_lock lock(mu_);
  while (written_seq_.load() < seq && !failure_.has_value()) {
    if (!following_) {
      if (written_cv_.wait_until(lock, deadline) == std::cv_status::timeout) {
        break;
      }
      continue;
    }
    // Another node writes the shared table: read how far it got.
    lock.unlock();
    Result<uint64_t> leaders = leaders_seq_.Get();
    lock.lock();
    if (leaders.ok() && *leaders > written_seq_.load()) {
      written_seq_.store(*leaders);
    }
    if (written_seq_.load() >= seq ||
        std::chrono::steady_clock::now() >= deadline) {
      break;
    }
    written_cv_.wait_for(lock, kFollowPoll);
  }
  if (written_seq_.load() >= seq) return OkStatus();
  if (failure_) return *failure_;
  return Error::Make(ErrorCode::kUnavailable,
                     "the usage projection did not reach seq " +
                         std::to_string(seq) + " in time");
}

void UsageProjection::Run(uint64_t attach_seq) {
  NameThisThread("kt-usage-rows");
  uint64_t held = written_seq_.load();
  if (held < attach_seq) {
    if (Status caught = CatchUp(held + 1, attach_seq); !caught.ok()) {
      Log(spdlog::level::err, "usage projection catch-up failed",
          {{"detail", caught.error().message}});
      std::lock_guard lock(mu_);
      failure_ = caught.error();
      written_cv_.notify_all();
      return;
    }
  }
  std::unique_lock lock(mu_);
  while (true) {
    const auto woken = [&] { return stopping_ || !queue_.empty(); };
    if (following_ && dropped_through_ > written_seq_.load()) {
      // What this node dropped may be waiting for it to lead: look again.
      queued_cv_.wait_for(lock, kLeaderCheck, woken);
    } else {
      queued_cv_.wait(lock, woken);
    }
    if (stopping_ && queue_.empty()) return;
    std::deque<Queued> batch;
    batch.swap(queue_);
    lock.unlock();
    Status written = Handle(batch);
    lock.lock();
    if (!written.ok()) {
      Log(spdlog::level::err, "usage projection write failed",
          {{"detail", written.error().message}});
      failure_ = written.error();
      written_cv_.notify_all();
      return;
    }
  }
}

Status UsageProjection::Handle(std::deque<Queued>& batch) {
  if (!store_.IsLeader()) {
    // The leader writes the rows of the shared table: drop them, and let
    // WaitUntilWritten follow its progress.
    std::lock_guard lock(mu_);
    following_ = true;
    if (!batch.empty()) {
      dropped_through_ = std::max(dropped_through_, batch.back().seq);
    }
    return OkStatus();
  }
  bool took_over = false;
  uint64_t dropped_through = 0;
  {
    std::lock_guard lock(mu_);
    took_over = following_;
    dropped_through = dropped_through_;
  }
  if (took_over) {
    // Leading now: write what was dropped and the previous leader did not.
    Result<uint64_t> held = ReadTableSeq();
    if (!held.ok()) return held.error();
    if (*held < dropped_through) {
      if (Status caught = CatchUp(*held + 1, dropped_through); !caught.ok()) {
        return caught;
      }
    }
    std::lock_guard lock(mu_);
    following_ = false;
  }
  Rows rows;
  uint64_t last = written_seq_.load();
  for (Queued& queued : batch) {
    if (queued.seq <= last) continue;  // already in the table
    last = queued.seq;
    for (auto& row : queued.rows) rows.push_back(std::move(row));
  }
  return WriteRows(std::move(rows), last);
}

Result<uint64_t> UsageProjection::ReadTableSeq() const {
  Result<std::optional<std::string>> meta = table_->Get(uf::MetaKey());
  if (!meta.ok()) return meta.error();
  if (!meta->has_value()) return uint64_t{0};
  std::optional<uint64_t> seq = uf::DecodeSeq(**meta);
  if (!seq) {
    return Error::Make(ErrorCode::kCorruption, "usage table: bad applied seq");
  }
  return *seq;
}

Status UsageProjection::CatchUp(uint64_t from_seq, uint64_t to_seq) {
  while (from_seq <= to_seq) {
    Result<std::vector<eventstore::RecordedEvent>> events = store_.ReadAll(
        from_seq, std::min<uint64_t>(kCatchUpBatch, to_seq - from_seq + 1));
    if (!events.ok()) return events.error();
    if (events->empty()) break;
    Rows rows;
    for (const eventstore::RecordedEvent& recorded : *events) {
      Result<Event> event = projections::DecodeRecorded(recorded);
      if (!event.ok()) return event.error();
      UsageRowsOf(recorded, *event, rows);
    }
    uint64_t last = events->back().seq;
    if (Status written = WriteRows(std::move(rows), last); !written.ok()) {
      return written;
    }
    from_seq = last + 1;
  }
  return OkStatus();
}

Status UsageProjection::Clear() {
  Rows deletes;
  Status scanned =
      table_->Scan("", "", [&](const std::string& key, const std::string&) {
        deletes.emplace_back(key, std::nullopt);
        return true;
      });
  if (!scanned.ok()) return scanned;
  return deletes.empty() ? OkStatus() : table_->Write(deletes);
}

Status UsageProjection::WriteRows(Rows rows, uint64_t seq) {
  if (seq <= written_seq_.load()) return OkStatus();
  rows.emplace_back(uf::MetaKey(), uf::EncodeSeq(seq));
  if (Status written = table_->Write(rows); !written.ok()) return written;
  {
    std::lock_guard lock(mu_);
    written_seq_.store(seq);
  }
  written_cv_.notify_all();
  return OkStatus();
}

}  // namespace keytrail::projections
