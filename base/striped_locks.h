// StripedLocks: a fixed set of reader/writer locks addressed by a key (an
// account id, an Idempotency-Key). Commands whose rule spans several
// aggregates of one account (TOKEN_LIMIT, unique e-mail, GROUP_IN_USE) take
// the account's lock exclusively; the others take it shared, so that they
// still run (and group-commit) concurrently.
//
// Two keys may share a stripe; that only costs concurrency, never safety.
// Thread-safe.
#ifndef KEYTRAIL_BASE_STRIPED_LOCKS_H_
#define KEYTRAIL_BASE_STRIPED_LOCKS_H_

#include <array>
#include <functional>
#include <shared_mutex>
#include <string_view>

namespace keytrail {

class StripedLocks {
 public:
  static constexpr size_t kStripes = 256;

  std::shared_mutex& For(std::string_view key) {
    return stripes_[std::hash<std::string_view>{}(key) % kStripes];
  }

 private:
  std::array<std::shared_mutex, kStripes> stripes_;
};

}  // namespace keytrail

#endif  // KEYTRAIL_BASE_STRIPED_LOCKS_H_
