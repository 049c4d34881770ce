// The feed's locks: Core::mu (readers, history requests, position) is taken
// before a Reader::mu, never after; `deliver` callbacks run with no lock
// held, since the session's may call Next() again at once.
#include "http/audit/audit_feed.h"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include "domain/canonical_json.h"
#include "http/log.h"

namespace keytrail::http::audit {
namespace {

using Clock = std::chrono::steady_clock;
using Deliver = BodyStream::Deliver;

constexpr char kHeartbeat[] = ": keep-alive\n\n";
// History pages: events looked at per read on the feed's thread.
constexpr size_t kHistoryScan = 4096;

void AppendEvent(std::string& out, uint64_t seq, const std::string& json) {
  out += "id: " + std::to_string(seq) + "\nevent: audit\ndata: ";
  out += json;
  out += "\n\n";
}

std::string TooSlowEvent(uint64_t last_event_id, size_t max_queued) {
  const std::string data =
      JsonValue(
          JsonObject{
              {"last_event_id", JsonValue(last_event_id)},
              {"reason", JsonValue("more than " + std::to_string(max_queued) +
                                   " events waited for this reader; "
                                   "reconnect with Last-Event-ID")},
          })
          .Serialize();
  return "event: too_slow\ndata: " + data + "\n\n";
}

struct Queued {
  uint64_t seq;
  std::string json;
};

}  // namespace

class Reader;

struct AuditFeed::Core {
  Core(eventstore::EventStore& store, AuditFeedOptions options)
      : store(store), options(options) {}

  void Run();
  void OnEvent(const eventstore::RecordedEvent& event);
  void ServeHistory(const std::shared_ptr<Reader>& reader, Deliver deliver);
  void Detach(const Reader* reader);

  eventstore::EventStore& store;
  const AuditFeedOptions options;
  std::unique_ptr<eventstore::Subscription> subscription;
  std::thread thread;

  std::mutex mu;
  std::condition_variable wake;
  bool stopped = false;                          // guarded by mu
  uint64_t position = 0;                         // guarded by mu
  std::vector<std::shared_ptr<Reader>> readers;  // guarded by mu
  std::deque<std::pair<std::shared_ptr<Reader>, Deliver>> history;  // mu
};

// One SSE reader. `cursor` is the last seq it was sent or had skipped.
class Reader final : public BodyStream,
                     public std::enable_shared_from_this<Reader> {
 public:
  Reader(std::shared_ptr<AuditFeed::Core> core, AuditFilter filter,
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
  std::optional<Deliver> DueHeartbeat(Clock::time_point now);
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
  Clock::time_point pending_since_;
  bool overflowed_ = false;  // guarded by mu_
  bool closed_ = false;      // guarded by mu_
};

void Reader::Next(Deliver deliver) {
  std::unique_lock<std::mutex> lock(mu_);
  if (closed_) {
    lock.unlock();
    return deliver(std::nullopt);
  }
  if (cursor_ < history_end_) {
    lock.unlock();
    std::lock_guard<std::mutex> feed(core_->mu);
    if (core_->stopped) return deliver(std::nullopt);
    core_->history.emplace_back(shared_from_this(), std::move(deliver));
    core_->wake.notify_all();
    return;
  }
  std::optional<std::string> piece = TakePiece();
  if (!piece) {
    pending_ = std::move(deliver);
    pending_since_ = Clock::now();
    return;
  }
  lock.unlock();
  deliver(std::move(piece));
}

std::optional<std::string> Reader::TakePiece() {
  std::string piece;
  size_t events = 0;
  while (!queue_.empty() && events < core_->options.max_piece_events) {
    Queued item = std::move(queue_.front());
    queue_.pop_front();
    if (item.seq <= cursor_) continue;  // sent from history already
    AppendEvent(piece, item.seq, item.json);
    cursor_ = item.seq;
    ++events;
  }
  if (!piece.empty()) return piece;
  if (overflowed_) {
    closed_ = true;
    return TooSlowEvent(cursor_, core_->options.max_queued);
  }
  return std::nullopt;
}

std::optional<std::pair<Deliver, std::string>> Reader::Offer(
    const AuditItem& item) {
  std::lock_guard<std::mutex> lock(mu_);
  if (closed_ || overflowed_) return std::nullopt;
  if (queue_.size() >= core_->options.max_queued) {
    overflowed_ = true;
  } else {
    queue_.push_back(Queued{item.seq, item.json});
  }
  if (!pending_) return std::nullopt;
  std::optional<std::string> piece = TakePiece();
  if (!piece) return std::nullopt;
  Deliver deliver = std::move(*pending_);
  pending_.reset();
  return std::make_pair(std::move(deliver), std::move(*piece));
}

std::optional<Deliver> Reader::DueHeartbeat(Clock::time_point now) {
  std::lock_guard<std::mutex> lock(mu_);
  if (!pending_ || now - pending_since_ < core_->options.heartbeat) {
    return std::nullopt;
  }
  Deliver deliver = std::move(*pending_);
  pending_.reset();
  return deliver;
}

std::optional<std::pair<uint64_t, uint64_t>> Reader::History() {
  std::lock_guard<std::mutex> lock(mu_);
  if (closed_ || cursor_ >= history_end_) return std::nullopt;
  return std::make_pair(cursor_, history_end_);
}

void Reader::AdvanceHistory(uint64_t seq) {
  std::lock_guard<std::mutex> lock(mu_);
  cursor_ = std::max(cursor_, seq);
}

void Reader::End() {
  std::optional<Deliver> pending;
  {
    std::lock_guard<std::mutex> lock(mu_);
    closed_ = true;
    pending.swap(pending_);
  }
  if (pending) (*pending)(std::nullopt);
}

void Reader::Cancel() {
  End();
  core_->Detach(this);
}

void AuditFeed::Core::OnEvent(const eventstore::RecordedEvent& event) {
  std::vector<std::pair<Deliver, std::string>> deliveries;
  {
    std::lock_guard<std::mutex> lock(mu);
    position = event.seq;
    if (readers.empty()) return;
    Result<AuditItem> item = RenderAuditItem(event);
    if (!item.ok()) {
      Log(spdlog::level::err, "audit stream cannot render an event",
          {{"seq", event.seq}, {"detail", item.error().message}});
      return;
    }
    for (const std::shared_ptr<Reader>& reader : readers) {
      const AuditFilter& filter = reader->filter();
      if ((!filter.account.empty() && filter.account != item->account) ||
          (!filter.type.empty() && filter.type != event.type) ||
          (!filter.stream.empty() && filter.stream != event.stream)) {
        continue;
      }
      if (auto delivery = reader->Offer(*item)) {
        deliveries.push_back(std::move(*delivery));
      }
    }
  }
  for (auto& [deliver, piece] : deliveries) deliver(std::move(piece));
}

void AuditFeed::Core::Detach(const Reader* reader) {
  std::lock_guard<std::mutex> lock(mu);
  std::erase_if(readers, [reader](const std::shared_ptr<Reader>& r) {
    return r.get() == reader;
  });
}

// Sends the next page of `reader`'s history, or moves it on to live
// delivery when no more history matches.
void AuditFeed::Core::ServeHistory(const std::shared_ptr<Reader>& reader,
                                   Deliver deliver) {
  AuditPageRequest request;
  request.limit = options.max_piece_events;
  request.scan_limit = kHistoryScan;
  for (;;) {
    {
      std::lock_guard<std::mutex> lock(mu);
      if (stopped) return deliver(std::nullopt);
    }
    std::optional<std::pair<uint64_t, uint64_t>> range = reader->History();
    if (!range) return reader->Next(std::move(deliver));
    request.after_seq = range->first;
    request.to_seq = range->second;
    Result<AuditPage> page = ReadAuditPage(store, reader->filter(), request);
    if (!page.ok()) {
      Log(spdlog::level::err, "audit stream cannot read the log",
          {{"detail", page.error().message}});
      reader->End();
      return deliver(std::nullopt);
    }
    reader->AdvanceHistory(page->next_after_seq);
    if (page->items.empty()) continue;
    std::string piece;
    for (const AuditItem& item : page->items) {
      AppendEvent(piece, item.seq, item.json);
    }
    return deliver(std::move(piece));
  }
}

void AuditFeed::Core::Run() {
  std::unique_lock<std::mutex> lock(mu);
  while (!stopped) {
    wake.wait_for(lock, std::chrono::seconds(1),
                  [this] { return stopped || !history.empty(); });
    while (!stopped && !history.empty()) {
      auto [reader, deliver] = std::move(history.front());
      history.pop_front();
      lock.unlock();
      ServeHistory(reader, std::move(deliver));
      lock.lock();
    }
    const Clock::time_point now = Clock::now();
    std::vector<Deliver> heartbeats;
    for (const std::shared_ptr<Reader>& reader : readers) {
      if (auto due = reader->DueHeartbeat(now)) heartbeats.push_back(*due);
    }
    lock.unlock();
    for (Deliver& deliver : heartbeats) deliver(std::string(kHeartbeat));
    lock.lock();
  }
}

AuditFeed::AuditFeed(eventstore::EventStore& store, AuditFeedOptions options)
    : core_(std::make_shared<Core>(store, options)) {}

AuditFeed::~AuditFeed() { Stop(); }

void AuditFeed::Start() {
  Core* core = core_.get();
  {
    std::lock_guard<std::mutex> lock(core->mu);
    core->position = core->store.HeadSeq();
  }
  core->subscription = core->store.Subscribe(
      core->position,
      [core](const eventstore::RecordedEvent& event) { core->OnEvent(event); });
  core->thread = std::thread([core] { core->Run(); });
}

std::shared_ptr<BodyStream> AuditFeed::Open(AuditFilter filter,
                                            uint64_t after_seq) {
  std::lock_guard<std::mutex> lock(core_->mu);
  auto reader = std::make_shared<Reader>(core_, std::move(filter), after_seq,
                                         core_->position);
  if (core_->stopped) {
    reader->End();
  } else {
    core_->readers.push_back(reader);
  }
  return reader;
}

void AuditFeed::Stop() {
  std::vector<std::shared_ptr<Reader>> readers;
  std::deque<std::pair<std::shared_ptr<Reader>, Deliver>> history;
  {
    std::lock_guard<std::mutex> lock(core_->mu);
    if (core_->stopped) return;
    core_->stopped = true;
    readers.swap(core_->readers);
    history.swap(core_->history);
  }
  core_->wake.notify_all();
  if (core_->subscription) core_->subscription->Cancel();
  if (core_->thread.joinable()) core_->thread.join();
  for (auto& [reader, deliver] : history) deliver(std::nullopt);
  for (const std::shared_ptr<Reader>& reader : readers) reader->End();
}

}  // namespace keytrail::http::audit
