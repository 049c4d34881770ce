// OsRandom: RandomSource backed by OpenSSL's CSPRNG (RAND_bytes), seeded by
// the operating system. Thread-safe (OpenSSL 3 locks its DRBGs per thread).
#ifndef KEYTRAIL_BASE_OS_RANDOM_H_
#define KEYTRAIL_BASE_OS_RANDOM_H_

#include "base/random.h"

namespace keytrail {

class OsRandom final : public RandomSource {
 public:
  // Aborts the process when RAND_bytes fails: issuing a secret from a broken
  // generator is worse than stopping.
  void Fill(uint8_t* data, size_t size) override;
};

}  // namespace keytrail

#endif  // KEYTRAIL_BASE_OS_RANDOM_H_
