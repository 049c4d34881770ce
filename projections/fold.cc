#include "projections/fold.h"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include "domain/event_codec.h"

namespace keytrail::projections {
namespace {

// Batches the reader may run ahead of the folding thread.
constexpr size_t kReadAheadBatches = 4;

// Events read and decoded together; `error`, when set, is what stopped
// the reading right after them.
struct Batch {
  std::vector<eventstore::RecordedEvent> recorded;
  std::vector<Event> events;
  std::optional<Error> error;
};

// Reads and decodes [from, to] on its own thread, up to kReadAheadBatches
// ahead of Next(). Splitting the work this way lets RocksDB reads and
// payload decoding run on one core while Apply() runs on the other.
class ReadAhead {
 public:
  ReadAhead(eventstore::EventStore& store, uint64_t from, uint64_t to,
            size_t batch_events)
      : store_(store), from_(from), to_(to), batch_events_(batch_events) {
    thread_ = std::thread([this] { Run(); });
  }
  ~ReadAhead() {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }
  ReadAhead(const ReadAhead&) = delete;
  ReadAhead& operator=(const ReadAhead&) = delete;

  // The next batch, or nullopt once everything was read.
  std::optional<Batch> Next() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return !queue_.empty() || done_; });
    if (queue_.empty()) return std::nullopt;
    Batch batch = std::move(queue_.front());
    queue_.pop_front();
    cv_.notify_all();
    return batch;
  }

 private:
  void Run() {
    uint64_t next = from_;
    bool more = next <= to_;
    while (more) {
      size_t want = static_cast<size_t>(
          std::min<uint64_t>(batch_events_, to_ - next + 1));
      Batch batch = ReadBatch(next, want);
      more = !batch.error && !batch.recorded.empty();
      if (more) next = batch.recorded.back().seq + 1;
      more = more && next <= to_;
      if (!batch.recorded.empty() || batch.error) {
        if (!Push(std::move(batch))) return;
      }
    }
    std::lock_guard lock(mu_);
    done_ = true;
    cv_.notify_all();
  }

  Batch ReadBatch(uint64_t from, size_t count) {
    Batch batch;
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

  // Queues `batch`; false when the reader was told to stop.
  bool Push(Batch batch) {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return queue_.size() < kReadAheadBatches || stop_; });
    if (stop_) return false;
    bool last = batch.error.has_value();
    queue_.push_back(std::move(batch));
    done_ = last;
    cv_.notify_all();
    return !last;
  }

  eventstore::EventStore& store_;
  const uint64_t from_;
  const uint64_t to_;
  const size_t batch_events_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Batch> queue_;  // guarded by mu_
  bool done_ = false;        // guarded by mu_
  bool stop_ = false;        // guarded by mu_
  std::thread thread_;
};

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
  uint64_t to = std::min(options.to_seq, store.HeadSeq());
  ReadAhead ahead(store, views.applied_seq() + 1, to,
                  std::max<size_t>(options.batch_events, 1));
  while (std::optional<Batch> batch = ahead.Next()) {
    for (size_t i = 0; i < batch->recorded.size(); ++i) {
      const eventstore::RecordedEvent& recorded = batch->recorded[i];
      if (options.until_time && recorded.time > *options.until_time) {
        return OkStatus();
      }
      views.Apply(recorded, batch->events[i]);
    }
    if (batch->error) return *batch->error;
    if (progress) progress(views.applied_seq());
  }
  return OkStatus();
}

}  // namespace keytrail::projections
