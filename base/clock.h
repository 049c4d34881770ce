// Clock: where the application layer reads the time it passes to the pure
// domain. SystemClock reads the real clock; tests may substitute their own.
// Thread-safe.
#ifndef KEYTRAIL_BASE_CLOCK_H_
#define KEYTRAIL_BASE_CLOCK_H_

#include <chrono>

#include "base/time.h"

namespace keytrail {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Micros Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  Micros Now() const override {
    return std::chrono::duration_cast<std::chrono::microseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
};

}  // namespace keytrail

#endif  // KEYTRAIL_BASE_CLOCK_H_
