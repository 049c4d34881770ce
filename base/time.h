// Time in keytrail: microseconds since the Unix epoch, UTC. The domain never
// reads a clock; callers pass `now` in. JSON renders times as RFC 3339 UTC
// with exactly six fractional digits: 2026-11-24T10:00:00.123456Z.
#ifndef KEYTRAIL_BASE_TIME_H_
#define KEYTRAIL_BASE_TIME_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace keytrail {

using Micros = int64_t;  // microseconds since 1970-01-01T00:00:00Z

constexpr Micros kMicrosPerSecond = 1'000'000;
constexpr Micros kMicrosPerDay = 86'400 * kMicrosPerSecond;

// Formats `t` as 2026-11-24T10:00:00.123456Z.
std::string FormatRfc3339(Micros t);

// Parses an RFC 3339 time (any offset, 0-9 fractional digits) into UTC
// micros. Returns nullopt for anything else (including out-of-range dates).
std::optional<Micros> ParseRfc3339(std::string_view text);

}  // namespace keytrail

#endif  // KEYTRAIL_BASE_TIME_H_
