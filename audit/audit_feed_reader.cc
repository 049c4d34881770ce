// FeedReader: one SSE reader of the audit feed (audit_feed_internal.h).
#include <algorithm>

#include "base/canonical_json.h"
#include "audit/audit_feed_internal.h"

namespace keytrail::audit {
namespace {

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

}  // namespace

void AppendSseEvent(std::string& out, uint64_t seq, const std::string& json) {
  out += "id: " + std::to_string(seq) + "\nevent: audit\ndata: ";
  out += json;
  out += "\n\n";
}

void FeedReader::Next(Deliver deliver) {
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
    pending_since_ = FeedClock::now();
    return;
  }
  lock.unlock();
  deliver(std::move(piece));
}

std::optional<std::string> FeedReader::TakePiece() {
  std::string piece;
  size_t events = 0;
  while (!queue_.empty() && events < core_->options.max_piece_events) {
    Queued item = std::move(queue_.front());
    queue_.pop_front();
    if (item.seq <= cursor_) continue;  // sent from history already
    AppendSseEvent(piece, item.seq, item.json);
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

std::optional<std::pair<Deliver, std::string>> FeedReader::Offer(
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

std::optional<Deliver> FeedReader::DueHeartbeat(FeedClock::time_point now) {
  std::lock_guard<std::mutex> lock(mu_);
  if (!pending_ || now - pending_since_ < core_->options.heartbeat) {
    return std::nullopt;
  }
  Deliver deliver = std::move(*pending_);
  pending_.reset();
  return deliver;
}

std::optional<std::pair<uint64_t, uint64_t>> FeedReader::History() {
  std::lock_guard<std::mutex> lock(mu_);
  if (closed_ || cursor_ >= history_end_) return std::nullopt;
  return std::make_pair(cursor_, history_end_);
}

void FeedReader::AdvanceHistory(uint64_t seq) {
  std::lock_guard<std::mutex> lock(mu_);
  cursor_ = std::max(cursor_, seq);
}

void FeedReader::End() {
  std::optional<Deliver> pending;
  {
    std::lock_guard<std::mutex> lock(mu_);
    closed_ = true;
    pending.swap(pending_);
  }
  if (pending) (*pending)(std::nullopt);
}

void FeedReader::Cancel() {
  End();
  core_->Detach(this);
}

}  // namespace keytrail::audit
