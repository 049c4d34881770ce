#include "http/connection_tracker.h"

#include <vector>

#include "http/session.h"

namespace keytrail::http {

void ConnectionTracker::Add(const std::shared_ptr<Session>& session) {
  bool shut_down_now;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    sessions_.emplace(session.get(), session);
    open_.store(sessions_.size(), std::memory_order_relaxed);
    shut_down_now = shutting_down_;
  }
  if (shut_down_now) session->Shutdown();
}

void ConnectionTracker::Remove(const Session* session) {
  std::lock_guard<std::mutex> lock(mutex_);
  sessions_.erase(session);
  open_.store(sessions_.size(), std::memory_order_relaxed);
  if (sessions_.empty()) empty_.notify_all();
}

void ConnectionTracker::ShutdownAll() {
  std::vector<std::shared_ptr<Session>> live;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    shutting_down_ = true;
    for (const auto& [key, weak] : sessions_) {
      if (auto session = weak.lock()) live.push_back(std::move(session));
    }
  }
  // Outside the lock: Shutdown() only posts, but a session released here
  // may run its destructor, which takes the lock.
  for (const auto& session : live) session->Shutdown();
}

bool ConnectionTracker::WaitUntilEmpty(std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(mutex_);
  return empty_.wait_for(lock, timeout, [this] { return sessions_.empty(); });
}

}  // namespace keytrail::http
