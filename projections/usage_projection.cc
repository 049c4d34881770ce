// UsageProjection: feeding the usage table (the listener, the writer thread
// and the catch-up). The queries are in usage_queries.cc.
#include "projections/usage_projection.h"

#include <utility>

#include "base/log.h"
#include "projections/usage_format.h"
#include "projections/fold.h"

namespace keytrail::projections {

namespace uf = usage_format;

namespace {

constexpr std::string_view kTokenStreamPrefix = "token-";
constexpr size_t kCatchUpBatch = 1024;

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
  }
}

UsageProjection::UsageProjection(eventstore::EventStore& store)
    : store_(store),
      table_(store.Table(std::string(uf::kTableName),
                         eventstore::SideTableWrites::kDerived)) {}

UsageProjection::~UsageProjection() { Stop(); }

Status UsageProjection::AttachTo(const std::shared_ptr<UsageProjection>& self,
                                 projections::ProjectionEngine& engine) {
  Result<std::optional<std::string>> meta = self->table_->Get(uf::MetaKey());
  if (!meta.ok()) return meta.error();
  uint64_t held = 0;
  if (meta->has_value()) {
    std::optional<uint64_t> seq = uf::DecodeSeq(**meta);
    if (!seq) {
      return Error::Make(ErrorCode::kCorruption,
                         "usage table: bad applied seq");
    }
    held = *seq;
  }
  if (held > self->store_.HeadSeq()) {
    // The log lost its tail (an async store after a crash): the table
    // holds rows of events that are gone; fold it again from scratch.
    Log(spdlog::level::warn, "usage table is ahead of the log; rebuilding",
        {{"table_seq", held}, {"head_seq", self->store_.HeadSeq()}});
    if (Status cleared = self->Clear(); !cleared.ok()) return cleared;
    held = 0;
  }
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
  std::unique_lock lock(mu_);
  written_cv_.wait_for(lock, timeout, [&] {
    return written_seq_.load() >= seq || failure_.has_value();
  });
  if (written_seq_.load() >= seq) return OkStatus();
  if (failure_) return *failure_;
  return Error::Make(ErrorCode::kUnavailable,
                     "the usage projection did not reach seq " +
                         std::to_string(seq) + " in time");
}

void UsageProjection::Run(uint64_t attach_seq) {
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
    queued_cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, and nothing left to write
    std::deque<Queued> batch;
    batch.swap(queue_);
    lock.unlock();
    Rows rows;
    uint64_t last = written_seq_.load();
    for (Queued& queued : batch) {
      if (queued.seq <= last) continue;  // already in the table
      last = queued.seq;
      for (auto& row : queued.rows) rows.push_back(std::move(row));
    }
    Status written = WriteRows(std::move(rows), last);
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
