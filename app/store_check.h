// StoreCheck: after each start, reads the whole event store in the
// background and checks every block's checksum (EventStore::
// VerifyChecksums), so that a damaged block is found even where no request
// has read yet: /readyz then answers 503 with the reason, and an error log
// line names the file. Requests that read the damaged block answer the
// problem STORE_CORRUPTED (problem.cc) whether or not the check got there.
//
// Thread safety: problem() from any thread. Owns its thread; the store must
// outlive the StoreCheck (destroy or Stop() it before closing the store).
#ifndef KEYTRAIL_APP_STORE_CHECK_H_
#define KEYTRAIL_APP_STORE_CHECK_H_

#include <atomic>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "eventstore/event_store.h"

namespace keytrail::app {

class StoreCheck {
 public:
  // Starts checking `store`.
  explicit StoreCheck(eventstore::EventStore& store);
  // Stop()s.
  ~StoreCheck();
  StoreCheck(const StoreCheck&) = delete;
  StoreCheck& operator=(const StoreCheck&) = delete;

  // Ends the check early (after the file being read) and waits for it.
  // Idempotent.
  void Stop();

  // Why the store cannot be trusted ("damaged block in <file> ..."), or
  // nullopt: none found (yet).
  std::optional<std::string> problem() const;
  // True once the check read every file (or found a problem).
  bool done() const { return done_.load(); }

 private:
  void Run(eventstore::EventStore& store);

  std::atomic<bool> stop_{false};
  std::atomic<bool> done_{false};
  mutable std::mutex mu_;
  std::optional<std::string> problem_;  // guarded by mu_
  std::thread thread_;
};

}  // namespace keytrail::app

#endif  // KEYTRAIL_APP_STORE_CHECK_H_
