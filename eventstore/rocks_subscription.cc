#include "eventstore/rocks_subscription.h"

#include <chrono>
#include <limits>
#include <utility>

#include "base/thread_name.h"

namespace keytrail::eventstore {
namespace {

// Events read per history batch: large enough to amortize the iterator,
// small enough that Cancel() is noticed quickly.
constexpr size_t kReadBatch = 1024;
constexpr std::chrono::milliseconds kRetryDelay(100);
constexpr std::chrono::milliseconds kIdleWait(1000);

}  // namespace

RocksSubscription::RocksSubscription(EventStore* store,
                                     std::shared_ptr<PublishedHead> head,
                                     uint64_t after_seq, EventCallback callback)
    : head_(std::move(head)), stop_(std::make_shared<std::atomic<bool>>()) {
  if (!head_->AddReader()) return;  // the store is closing: deliver nothing
  thread_ =
      std::thread(Run, store, head_, stop_, after_seq, std::move(callback));
}

RocksSubscription::~RocksSubscription() { Cancel(); }

void RocksSubscription::Cancel() {
  stop_->store(true, std::memory_order_release);
  head_->Wake();
  if (!thread_.joinable()) return;
  if (thread_.get_id() == std::this_thread::get_id()) {
    thread_.detach();  // called from the callback: Run ends when it returns
  } else {
    thread_.join();
  }
}

void RocksSubscription::Run(EventStore* store,
                            std::shared_ptr<PublishedHead> head,
                            std::shared_ptr<std::atomic<bool>> stop,
                            uint64_t after_seq, EventCallback callback) {
  NameThisThread("kt-tail");
  const auto stopped = [&] {
    return stop->load(std::memory_order_acquire) || head->closed();
  };
  uint64_t next = after_seq + 1;
  while (!stopped()) {
    if (next > head->Get()) {
      head->WaitBeyond(next - 1, *stop, kIdleWait);
      continue;
    }
    Result<std::vector<RecordedEvent>> batch = store->ReadAll(next, kReadBatch);
    if (!batch.ok() || batch->empty() || batch->front().seq != next) {
      // Never skip: wait and read the same range again.
      head->WaitBeyond(std::numeric_limits<uint64_t>::max(), *stop,
                       kRetryDelay);
      continue;
    }
    for (const RecordedEvent& event : *batch) {
      if (stopped() || event.seq != next) break;
      callback(event);
      next = event.seq + 1;
    }
  }
  head->RemoveReader();
}

}  // namespace keytrail::eventstore
