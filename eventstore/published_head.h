// PublishedHead: the highest seq readers may see, and the signal that
// subscriptions wait on. The writer publishes a seq only after the RocksDB
// write holding it returned, so a reader bounded by Get() never sees seq N+1
// before N.
//
// It also tracks the subscription threads that read the store, so that the
// store can stop them (Close) before it closes RocksDB. Shared (shared_ptr)
// by the store and its subscriptions, so a subscription may outlive it.
//
// Thread safety: every method may be called concurrently.
#ifndef KEYTRAIL_EVENTSTORE_PUBLISHED_HEAD_H_
#define KEYTRAIL_EVENTSTORE_PUBLISHED_HEAD_H_

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>

namespace keytrail::eventstore {

class PublishedHead {
 public:
  explicit PublishedHead(uint64_t seq) : seq_(seq) {}
  PublishedHead(const PublishedHead&) = delete;
  PublishedHead& operator=(const PublishedHead&) = delete;

  // The published head (acquire: whatever the writer wrote before
  // publishing it is visible to the caller).
  uint64_t Get() const { return seq_.load(std::memory_order_acquire); }

  // Advances the head to `seq` and wakes every waiter. Writer only.
  void Publish(uint64_t seq);

  // Blocks until the head is beyond `seq`, `stop` is set, the head is closed
  // or `timeout` passed. Returns the head.
  uint64_t WaitBeyond(uint64_t seq, const std::atomic<bool>& stop,
                      std::chrono::milliseconds timeout);

  // Wakes every waiter so it re-reads its stop flag.
  void Wake();

  // Registers a reader thread; false (and nothing registered) once closed.
  bool AddReader();
  // Unregisters a reader thread added by AddReader().
  void RemoveReader();

  // Wakes every waiter for good and blocks until every reader is removed.
  void Close();
  bool closed() const;

 private:
  std::atomic<uint64_t> seq_;
  mutable std::mutex mu_;
  std::condition_variable changed_;
  bool closed_ = false;  // guarded by mu_
  int readers_ = 0;      // guarded by mu_
};

}  // namespace keytrail::eventstore

#endif  // KEYTRAIL_EVENTSTORE_PUBLISHED_HEAD_H_
