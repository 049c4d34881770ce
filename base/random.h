// RandomSource: where the domain gets random bytes (secrets, ids). The
// domain never reads a random device itself; callers pass a source in, so
// tests can use a deterministic one. OsRandom (os_random.h) is the CSPRNG.
#ifndef KEYTRAIL_BASE_RANDOM_H_
#define KEYTRAIL_BASE_RANDOM_H_

#include <cstddef>
#include <cstdint>

namespace keytrail {

class RandomSource {
 public:
  virtual ~RandomSource() = default;
  // Fills `data[0, size)` with random bytes. Never fails: a source that
  // cannot produce them must abort rather than return weak bytes.
  virtual void Fill(uint8_t* data, size_t size) = 0;
};

}  // namespace keytrail

#endif  // KEYTRAIL_BASE_RANDOM_H_
