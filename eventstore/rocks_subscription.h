// RocksSubscription: a catch-up subscription (event_store.h). Its thread
// reads history in batches up to the published head, then waits for the
// head to move and reads the new range; so the switch from history to live
// events has no gap and no duplicate, and events arrive in seq order.
//
// Cancel() (or destruction) stops delivery; afterwards the callback is not
// running and will not run again. Cancel() may also be called from inside
// the callback: the thread then ends when the callback returns and delivers
// nothing more. If a read fails the subscription retries it (every 100 ms)
// rather than skip events.
//
// The store stops the thread when it closes (PublishedHead::Close); the
// handle may outlive the store. Thread safety: Cancel() may be called from
// any thread.
#ifndef KEYTRAIL_EVENTSTORE_ROCKS_SUBSCRIPTION_H_
#define KEYTRAIL_EVENTSTORE_ROCKS_SUBSCRIPTION_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <thread>

#include "eventstore/event_store.h"
#include "eventstore/published_head.h"

namespace keytrail::eventstore {

class RocksSubscription final : public Subscription {
 public:
  // Starts delivering the events of `store` with seq > after_seq.
  RocksSubscription(EventStore* store, std::shared_ptr<PublishedHead> head,
                    uint64_t after_seq, EventCallback callback);
  ~RocksSubscription() override;
  void Cancel() override;

 private:
  static void Run(EventStore* store, std::shared_ptr<PublishedHead> head,
                  std::shared_ptr<std::atomic<bool>> stop, uint64_t after_seq,
                  EventCallback callback);

  std::shared_ptr<PublishedHead> head_;
  std::shared_ptr<std::atomic<bool>> stop_;
  std::thread thread_;
};

}  // namespace keytrail::eventstore

#endif  // KEYTRAIL_EVENTSTORE_ROCKS_SUBSCRIPTION_H_
