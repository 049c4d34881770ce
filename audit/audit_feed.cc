// AuditFeed: the store subscription that offers each new event to every
// reader, the thread that serves history pages and heartbeats, and opening
// and stopping (locks: audit_feed_internal.h).
#include "audit/audit_feed.h"

#include "audit/audit_feed_internal.h"
#include "base/log.h"
#include "base/thread_name.h"

namespace keytrail::audit {
namespace {

constexpr char kHeartbeat[] = ": keep-alive\n\n";
// History pages: events looked at per read on the feed's thread.
constexpr size_t kHistoryScan = 4096;

}  // namespace

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
    for (const std::shared_ptr<FeedReader>& reader : readers) {
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

void AuditFeed::Core::Detach(const FeedReader* reader) {
  std::lock_guard<std::mutex> lock(mu);
  std::erase_if(readers, [reader](const std::shared_ptr<FeedReader>& r) {
    return r.get() == reader;
  });
}

// Sends the next page of `reader`'s history, or moves it on to live
// delivery when no more history matches.
void AuditFeed::Core::ServeHistory(const std::shared_ptr<FeedReader>& reader,
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
      AppendSseEvent(piece, item.seq, item.json);
    }
    return deliver(std::move(piece));
  }
}

void AuditFeed::Core::Run() {
  NameThisThread("kt-audit-feed");
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
    const FeedClock::time_point now = FeedClock::now();
    std::vector<Deliver> heartbeats;
    for (const std::shared_ptr<FeedReader>& reader : readers) {
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
  auto reader = std::make_shared<FeedReader>(core_, std::move(filter),
                                             after_seq, core_->position);
  if (core_->stopped) {
    reader->End();
  } else {
    core_->readers.push_back(reader);
  }
  return reader;
}

void AuditFeed::Stop() {
  std::vector<std::shared_ptr<FeedReader>> readers;
  std::deque<std::pair<std::shared_ptr<FeedReader>, Deliver>> history;
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
  for (const std::shared_ptr<FeedReader>& reader : readers) reader->End();
}

}  // namespace keytrail::audit
