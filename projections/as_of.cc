#include "projections/as_of.h"

#include <charconv>

#include "projections/fold.h"

namespace keytrail::projections {
namespace {

Error BadAsOf(std::string message) {
  return Error::Invalid("as_of", std::move(message));
}

bool AllDigits(std::string_view text) {
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace

Result<AsOf> ParseAsOf(std::string_view text) {
  if (text.empty()) return BadAsOf("must be a seq or an RFC 3339 time");
  if (AllDigits(text)) {
    uint64_t seq = 0;
    auto [end, ec] =
        std::from_chars(text.data(), text.data() + text.size(), seq);
    if (ec != std::errc() || end != text.data() + text.size()) {
      return BadAsOf("seq is out of range");
    }
    return AsOf::Seq(seq);
  }
  if (std::optional<Micros> time = ParseRfc3339(text)) {
    return AsOf::Time(*time);
  }
  // The likeliest mistake: an offset's "+" sent raw in a query string,
  // which reads as a space.
  return BadAsOf(
      "must be a seq or an RFC 3339 time; in a URL, write a + offset as %2B");
}

PointInTimeViews::PointInTimeViews(eventstore::EventStore& store,
                                   PointInTimeOptions options)
    : store_(store), options_(options) {}

Result<std::shared_ptr<const Views>> PointInTimeViews::ViewsAsOf(
    const AsOf& as_of) {
  const uint64_t head = store_.HeadSeq();
  if (as_of.kind == AsOf::Kind::kSeq && as_of.seq > head) {
    return BadAsOf("seq " + std::to_string(as_of.seq) +
                   " is after the last event (" + std::to_string(head) + ")");
  }
  std::shared_ptr<const Views> base = NearestBase(as_of);
  if (as_of.kind == AsOf::Kind::kSeq) {
    if (base && base->applied_seq() == as_of.seq) return base;
  } else {
    Result<bool> done = NothingAfter(base.get(), as_of.time);
    if (!done.ok()) return done.error();
    if (*done && base) return base;
  }
  Views views = base ? Views(*base) : Views();
  FoldOptions fold;
  if (as_of.kind == AsOf::Kind::kSeq) {
    fold.to_seq = as_of.seq;
  } else {
    fold.to_seq = head;
    fold.until_time = as_of.time;
  }
  Status folded = FoldLog(store_, views, fold);
  if (!folded.ok()) return folded.error();
  return Remember(std::make_shared<const Views>(std::move(views)));
}

std::shared_ptr<const Views> PointInTimeViews::NearestBase(const AsOf& as_of) {
  std::lock_guard lock(mu_);
  auto best = cache_.end();
  for (auto it = cache_.begin(); it != cache_.end(); ++it) {
    const Views& views = **it;
    bool before = as_of.kind == AsOf::Kind::kSeq
                      ? views.applied_seq() <= as_of.seq
                      : views.last_event_time() <= as_of.time;
    if (before && (best == cache_.end() ||
                   views.applied_seq() > (*best)->applied_seq())) {
      best = it;
    }
  }
  if (best == cache_.end()) return nullptr;
  cache_.splice(cache_.begin(), cache_, best);  // most recently used
  return cache_.front();
}

Result<bool> PointInTimeViews::NothingAfter(const Views* base, Micros time) {
  uint64_t next = base ? base->applied_seq() + 1 : 1;
  Result<std::vector<eventstore::RecordedEvent>> peek = store_.ReadAll(next, 1);
  if (!peek.ok()) return peek.error();
  return peek->empty() || peek->front().time > time;
}

std::shared_ptr<const Views> PointInTimeViews::Remember(
    std::shared_ptr<const Views> views) {
  std::lock_guard lock(mu_);
  for (auto it = cache_.begin(); it != cache_.end(); ++it) {
    if ((*it)->applied_seq() == views->applied_seq()) {
      cache_.splice(cache_.begin(), cache_, it);
      return cache_.front();
    }
  }
  cache_.push_front(std::move(views));
  while (cache_.size() > std::max<size_t>(options_.cache_entries, 1)) {
    cache_.pop_back();
  }
  return cache_.front();
}

}  // namespace keytrail::projections
