#include "base/base62.h"

#include <cassert>

namespace keytrail {

bool IsBase62(char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
         (c >= 'a' && c <= 'z');
}

void AppendRandomBase62(std::string& out, size_t count, RandomSource& random) {
  constexpr uint8_t kLimit = 248;  // largest multiple of 62 below 256
  uint8_t buffer[64];
  size_t used = sizeof(buffer);
  while (count > 0) {
    if (used == sizeof(buffer)) {
      random.Fill(buffer, sizeof(buffer));
      used = 0;
    }
    const uint8_t byte = buffer[used++];
    if (byte >= kLimit) continue;
    out.push_back(kBase62Alphabet[byte % 62]);
    --count;
  }
}

void AppendBase62Fixed(std::string& out, uint64_t value, size_t width) {
  const size_t start = out.size();
  out.append(width, '0');
  for (size_t i = width; i > 0 && value > 0; --i) {
    out[start + i - 1] = kBase62Alphabet[value % 62];
    value /= 62;
  }
  assert(value == 0);
}

}  // namespace keytrail
