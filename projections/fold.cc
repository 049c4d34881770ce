#include "projections/fold.h"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include "domain/event_codec.h"

namespace keytrail::projections {
namespace {

// Batches each reader may run ahead of the folding thread.
constexpr size_t kReadAheadBatches = 4;

// Events read and decoded together; `error`, when set, is what stopped
// the reading right after them. `reader` is the Reader that made it.
struct Batch {
  std::vector<eventstore::RecordedEvent> recorded;
  std::vector<Event> events;
  std::optional<Error> error;
  size_t reader = 0;
};

// One read-ahead thread: reads and decodes every `stride`-th batch of the
// range, from `first` on, and queues them in order.
class Reader {
 public:
  Reader(eventstore::EventStore& store, size_t index, uint64_t first,
         uint64_t stride, uint64_t last, size_t batch_events)
      : store_(store),
        index_(index),
        first_(first),
        stride_(stride),
        last_(last),
        batch_events_(batch_events),
        thread_([this] { Run(); }) {}
  ~Reader() {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }
  Reader(const Reader&) = delete;
  Reader& operator=(const Reader&) = delete;

  // The next batch of this reader, or nullopt once it read its share.
  std::optional<Batch> Next() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return !queue_.empty() || done_; });
    if (queue_.empty()) return std::nullopt;
    Batch batch = std::move(queue_.front());
    queue_.pop_front();
    cv_.notify_all();
    return batch;
  }

  // Takes a folded batch back to free it on this thread, so that the
  // memory returns to the allocator arena it came from without the folding
  // thread contending for that arena's lock.
  void Recycle(Batch batch) {
    std::lock_guard lock(mu_);
    spent_.push_back(std::move(batch));
  }

 private:
  void Run() {
    for (uint64_t from = first_; from <= last_; from += stride_) {
      FreeSpent();
      size_t count = static_cast<size_t>(
          std::min<uint64_t>(batch_events_, last_ - from + 1));
      Batch batch = ReadBatch(from, count);
      bool short_read = batch.error || batch.recorded.size() < count;
      if (!Push(std::move(batch), short_read) || short_read) return;
    }
    std::lock_guard lock(mu_);
    done_ = true;
    cv_.notify_all();
  }

  Batch ReadBatch(uint64_t from, size_t count) {
    Batch batch;
    batch.reader = index_;
    Result<std::vector<eventstore::RecordedEvent>> read =
        store_.ReadAll(from, count);
    if (!read.ok()) {
      batch.error = read.error();
      return batch;
    }
    batch.recorded = std::move(read).value();
    batch.events.reserve(batch.recorded.size());
    for (size_t i = 0; i < batch.recorded.size(); ++i) {
      Result<Event> event = DecodeRecorded(batch.recorded[i]);
      if (!event.ok()) {
        batch.error = event.error();
        batch.recorded.resize(i);
        break;
      }
      batch.events.push_back(std::move(event).value());
    }
    return batch;
  }

  void FreeSpent() {
    std::deque<Batch> spent;
    std::lock_guard lock(mu_);
    spent.swap(spent_);
    // `spent` is destroyed after the lock is released (reverse order).
  }

  // Queues `batch` (the last one when `last`); false when told to stop.
  bool Push(Batch batch, bool last) {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return queue_.size() < kReadAheadBatches || stop_; });
    if (stop_) return false;
    queue_.push_back(std::move(batch));
    done_ = last;
    cv_.notify_all();
    return true;
  }

  eventstore::EventStore& store_;
  const size_t index_;
  const uint64_t first_;
  const uint64_t stride_;
  const uint64_t last_;
  const size_t batch_events_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Batch> queue_;  // guarded by mu_
  std::deque<Batch> spent_;  // guarded by mu_
  bool done_ = false;        // guarded by mu_
  bool stop_ = false;        // guarded by mu_
  std::thread thread_;       // last: starts once the rest is built
};

// Reads and decodes [from, to] ahead of the folding thread with `readers`
// threads taking batches in turn; Next() returns the batches in seq order.
// The store's reads and the payload decoding dominate a fold (Apply() is
// cheap), so they are what runs in parallel.
class ReadAhead {
 public:
  ReadAhead(eventstore::EventStore& store, uint64_t from, uint64_t to,
            size_t batch_events, size_t readers) {
    for (size_t i = 0; i < readers; ++i) {
      readers_.push_back(
          std::make_unique<Reader>(store, i, from + i * batch_events,
                                   readers * batch_events, to, batch_events));
    }
  }

  std::optional<Batch> Next() {
    return readers_[next_++ % readers_.size()]->Next();
  }
  void Recycle(Batch batch) {
    readers_[batch.reader]->Recycle(std::move(batch));
  }

 private:
  std::vector<std::unique_ptr<Reader>> readers_;
  size_t next_ = 0;
};

// The store returned fewer events than its head promised.
Error Missing(const Views& views, uint64_t to) {
  return Error::Make(ErrorCode::kInternal,
                     "event " + std::to_string(views.applied_seq() + 1) +
                         " is missing from the log (head " +
                         std::to_string(to) + ")");
}

}  // namespace

Result<Event> DecodeRecorded(const eventstore::RecordedEvent& recorded) {
  Result<Event> event =
      DecodeEvent(recorded.type, recorded.schema_version, recorded.payload);
  if (event.ok()) return event;
  return Error::Make(ErrorCode::kCorruption,
                     "event " + std::to_string(recorded.seq) + " (" +
                         recorded.type + " v" +
                         std::to_string(recorded.schema_version) +
                         ") cannot be decoded: " + event.error().message);
}

Status FoldLog(eventstore::EventStore& store, Views& views,
               const FoldOptions& options, const FoldProgress& progress) {
  const uint64_t to = std::min(options.to_seq, store.HeadSeq());
  if (views.applied_seq() >= to) return OkStatus();
  ReadAhead ahead(store, views.applied_seq() + 1, to,
                  std::max<size_t>(options.batch_events, 1),
                  std::max<size_t>(options.read_threads, 1));
  while (std::optional<Batch> batch = ahead.Next()) {
    for (size_t i = 0; i < batch->recorded.size(); ++i) {
      const eventstore::RecordedEvent& recorded = batch->recorded[i];
      if (options.until_time && recorded.time > *options.until_time) {
        return OkStatus();
      }
      if (recorded.seq != views.applied_seq() + 1) return Missing(views, to);
      views.Apply(recorded, batch->events[i]);
    }
    if (batch->error) return *batch->error;
    ahead.Recycle(std::move(*batch));
    if (progress) progress(views.applied_seq());
    if (views.applied_seq() >= to) return OkStatus();
  }
  return Missing(views, to);
}

}  // namespace keytrail::projections
