// FreshRead<T>: concurrent callers that each need a value read after they
// asked share one read in flight. A caller gets the result of a read that
// started after its call began (never of one already under way), so what
// any writer completed before the call is in it; callers arriving while
// that read runs wait for it and share the next one. N simultaneous
// callers cost two reads, not N.
//
// Used for the cluster's shared log head (PgEventStore::SyncSharedHead):
// every management request on a node reads it, and the read is a round
// trip to PostgreSQL.
//
// Thread safety: Get() from any thread. `read` runs on one caller's thread
// at a time, without the lock held; it must not call Get() of the same
// FreshRead.
#ifndef KEYTRAIL_BASE_FRESH_READ_H_
#define KEYTRAIL_BASE_FRESH_READ_H_

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <utility>

namespace keytrail {

template <typename T>
class FreshRead {
 public:
  explicit FreshRead(std::function<T()> read) : read_(std::move(read)) {}
  FreshRead(const FreshRead&) = delete;
  FreshRead& operator=(const FreshRead&) = delete;

  T Get() {
    std::unique_lock lock(mu_);
    // Reads are numbered as they start. One started before now (running)
    // may have missed what was written just before this call: this call
    // needs the one after the last started.
    const uint64_t needed = started_ + 1;
    while (finished_ < needed) {
      if (running_) {
        finished_cv_.wait(lock);
        continue;
      }
      running_ = true;
      const uint64_t number = ++started_;
      lock.unlock();
      T value = read_();
      lock.lock();
      running_ = false;
      finished_ = number;
      last_.emplace(std::move(value));
      finished_cv_.notify_all();
    }
    // finished_ only grows: the last value comes from a read numbered
    // `needed` or later, which started after this call began.
    return *last_;
  }

  // Reads performed so far (for tests and metrics).
  uint64_t reads() const {
    std::lock_guard lock(mu_);
    return finished_;
  }

 private:
  const std::function<T()> read_;
  mutable std::mutex mu_;
  std::condition_variable finished_cv_;
  bool running_ = false;
  uint64_t started_ = 0;
  uint64_t finished_ = 0;
  std::optional<T> last_;
};

}  // namespace keytrail

#endif  // KEYTRAIL_BASE_FRESH_READ_H_
