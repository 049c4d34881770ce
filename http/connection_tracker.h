// ConnectionTracker: the set of open sessions, so that the server can count
// them (metrics) and close them all on shutdown.
//
// Thread-safe: sessions register and leave from any I/O thread while
// Server::Stop() shuts them down from another.
#ifndef KEYTRAIL_HTTP_CONNECTION_TRACKER_H_
#define KEYTRAIL_HTTP_CONNECTION_TRACKER_H_

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <unordered_map>

namespace keytrail::http {

class Session;

class ConnectionTracker {
 public:
  // Registers `session`; after ShutdownAll() it is shut down at once.
  void Add(const std::shared_ptr<Session>& session);
  // Unregisters `session`; called from its destructor.
  void Remove(const Session* session);
  // Returns the number of registered sessions.
  std::size_t open() const { return open_.load(std::memory_order_relaxed); }

  // Asks every session, present and future, to finish its request in
  // flight and close (Session::Shutdown()).
  void ShutdownAll();
  // Returns true once no session is left, false after `timeout`.
  bool WaitUntilEmpty(std::chrono::milliseconds timeout);

 private:
  mutable std::mutex mutex_;
  std::condition_variable empty_;
  // Guarded by mutex_.
  std::unordered_map<const Session*, std::weak_ptr<Session>> sessions_;
  bool shutting_down_ = false;  // guarded by mutex_
  std::atomic<std::size_t> open_{0};
};

}  // namespace keytrail::http

#endif  // KEYTRAIL_HTTP_CONNECTION_TRACKER_H_
