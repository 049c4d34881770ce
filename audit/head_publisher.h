// HeadPublisher: signs a tree head of the log and keeps it (HeadLog) at
// least every `interval` while the log grows, so that GET /v1/audit/head is
// never more than about one interval behind the log. No head is made while
// the log stands still; Stop() publishes a last head for the log as it is.
//
// Thread safety: every method may be called from any thread; Start() and
// Stop() from one controlling thread. `store`, `heads` and `clock` must
// outlive the publisher.
#ifndef KEYTRAIL_AUDIT_HEAD_PUBLISHER_H_
#define KEYTRAIL_AUDIT_HEAD_PUBLISHER_H_

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>

#include "base/result.h"
#include "eventstore/event_store.h"
#include "base/clock.h"
#include "audit/audit_key.h"
#include "audit/tree_head.h"

namespace keytrail::audit {

struct HeadPublisherOptions {
  // How often the log is looked at. Default: 1 s (docs/api.md §5 "at least
  // every second while the log grows").
  std::chrono::milliseconds interval{1000};
};

class HeadPublisher {
 public:
  HeadPublisher(eventstore::EventStore& store, HeadLog& heads, AuditKey key,
                const app::Clock& clock, HeadPublisherOptions options = {});
  ~HeadPublisher();  // Stop()
  HeadPublisher(const HeadPublisher&) = delete;
  HeadPublisher& operator=(const HeadPublisher&) = delete;

  // Publishes a head for the log as it is (unless the latest one covers it)
  // and starts the thread. Fails when the first head cannot be made.
  [[nodiscard]] Status Start();

  // Signs and keeps a head of every event published so far, unless the
  // latest head already has that size; returns the latest head.
  Result<SignedTreeHead> PublishNow();

  // The latest head kept (by this publisher or before it started).
  std::optional<SignedTreeHead> Latest() const;

  // Ends the thread after publishing a last head. Idempotent.
  void Stop();

 private:
  void Run();

  eventstore::EventStore& store_;
  HeadLog& heads_;
  const AuditKey key_;
  const app::Clock& clock_;
  const HeadPublisherOptions options_;

  mutable std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;                 // guarded by mu_
  std::optional<SignedTreeHead> latest_;  // guarded by mu_
  std::mutex publish_mu_;                 // one PublishNow() at a time
  std::thread thread_;
};

}  // namespace keytrail::audit

#endif  // KEYTRAIL_AUDIT_HEAD_PUBLISHER_H_
