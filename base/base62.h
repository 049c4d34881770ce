// Base62 (0-9 A-Z a-z) as used by secrets and ids: uniform random characters
// and fixed-width numbers.
#ifndef KEYTRAIL_BASE_BASE62_H_
#define KEYTRAIL_BASE_BASE62_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/random.h"

namespace keytrail {

inline constexpr std::string_view kBase62Alphabet =
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

bool IsBase62(char c);

// Appends `count` uniformly random base62 characters to `out`. Each comes
// from one random byte below 248 (= 4 * 62); bytes 248..255 are drawn again,
// so there is no modulo bias.
void AppendRandomBase62(std::string& out, size_t count, RandomSource& random);

// Appends `value` as exactly `width` base62 digits, most significant first,
// zero-padded ("0"). REQUIRES: value < 62^width.
void AppendBase62Fixed(std::string& out, uint64_t value, size_t width);

}  // namespace keytrail

#endif  // KEYTRAIL_BASE_BASE62_H_
