#include "base/os_random.h"

#include <openssl/rand.h>

#include <climits>
#include <cstdio>
#include <cstdlib>

namespace keytrail {

void OsRandom::Fill(uint8_t* data, size_t size) {
  while (size > 0) {
    const int chunk = size > INT_MAX ? INT_MAX : static_cast<int>(size);
    if (RAND_bytes(data, chunk) != 1) {
      std::fputs("keytrail: RAND_bytes failed; refusing weak randomness\n",
                 stderr);
      std::abort();
    }
    data += chunk;
    size -= static_cast<size_t>(chunk);
  }
}

}  // namespace keytrail
