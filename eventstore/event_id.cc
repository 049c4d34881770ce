// NewEventId(): a time-ordered (version 7, RFC 9562) UUID: 48 bits of Unix
// milliseconds, then 74 bits from OpenSSL's CSPRNG.
//
// Why time-ordered: every append writes its ids into the event_ids column
// family and probes it first. Ids that grow with time land at the end of
// the memtable's skip list, next to the previous insert, instead of at a
// random place that costs a search from the top through cold cache lines
// (measured: that search was the largest single cost of the writer thread
// under usage load).
#include <openssl/rand.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "eventstore/event_store.h"

namespace keytrail::eventstore {

std::string NewEventId() {
  unsigned char bytes[16];
  if (RAND_bytes(bytes + 6, 10) != 1) {
    // No entropy: an id that may collide is worse than stopping.
    std::abort();
  }
  const uint64_t millis = static_cast<uint64_t>(
      std::chrono::duration_cast<std::chrono::milliseconds>(
          std::chrono::system_clock::now().time_since_epoch())
          .count());
  for (int i = 0; i < 6; ++i) {
    bytes[i] = static_cast<unsigned char>(millis >> (8 * (5 - i)));
  }
  bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0f) | 0x70);  // v7
  bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3f) | 0x80);  // variant
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id;
  id.reserve(36);
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) id.push_back('-');
    id.push_back(kHex[bytes[i] >> 4]);
    id.push_back(kHex[bytes[i] & 0x0f]);
  }
  return id;
}

}  // namespace keytrail::eventstore
