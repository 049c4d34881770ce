#include "eventstore/published_head.h"

namespace keytrail::eventstore {

void PublishedHead::Publish(uint64_t seq) {
  {
    // Stored under the mutex so a waiter cannot check the head, miss this
    // store and then sleep through the notification.
    std::lock_guard<std::mutex> lock(mu_);
    seq_.store(seq, std::memory_order_release);
  }
  changed_.notify_all();
}

uint64_t PublishedHead::WaitBeyond(uint64_t seq, const std::atomic<bool>& stop,
                                   std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(mu_);
  changed_.wait_for(lock, timeout, [&] {
    return seq_.load(std::memory_order_acquire) > seq ||
           stop.load(std::memory_order_acquire) || closed_;
  });
  return seq_.load(std::memory_order_acquire);
}

void PublishedHead::Wake() {
  { std::lock_guard<std::mutex> lock(mu_); }
  changed_.notify_all();
}

bool PublishedHead::AddReader() {
  std::lock_guard<std::mutex> lock(mu_);
  if (closed_) return false;
  ++readers_;
  return true;
}

void PublishedHead::RemoveReader() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    --readers_;
  }
  changed_.notify_all();
}

void PublishedHead::Close() {
  std::unique_lock<std::mutex> lock(mu_);
  closed_ = true;
  changed_.notify_all();
  changed_.wait(lock, [&] { return readers_ == 0; });
}

bool PublishedHead::closed() const {
  std::lock_guard<std::mutex> lock(mu_);
  return closed_;
}

}  // namespace keytrail::eventstore
