// RFC 3339 without the C library's time zone functions: civil dates are
// converted with Howard Hinnant's days_from_civil / civil_from_days
// algorithms (proleptic Gregorian calendar, exact for every int64 day).
#include "base/time.h"

#include <cstdio>

namespace keytrail {
namespace {

struct Civil {
  int64_t year;
  int month;  // 1..12
  int day;    // 1..31
};

int64_t DaysFromCivil(int64_t y, int m, int d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

Civil CivilFromDays(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return Civil{yoe + era * 400 + (month <= 2), month, day};
}

bool IsLeap(int64_t y) { return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0); }

int DaysInMonth(int64_t y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30,
                                  31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

// Reads exactly `n` digits at `pos` into `out`; advances `pos`.
bool ReadDigits(std::string_view text, size_t& pos, int n, int64_t& out) {
  if (pos + n > text.size()) return false;
  out = 0;
  for (int i = 0; i < n; ++i) {
    const char c = text[pos + i];
    if (c < '0' || c > '9') return false;
    out = out * 10 + (c - '0');
  }
  pos += n;
  return true;
}

bool Expect(std::string_view text, size_t& pos, char a, char b = 0) {
  if (pos >= text.size()) return false;
  if (text[pos] != a && (b == 0 || text[pos] != b)) return false;
  ++pos;
  return true;
}

// Parses ".ddddddddd" (1-9 digits) at `pos`, if present, into micros
// (digits past the sixth are truncated).
bool ReadFraction(std::string_view text, size_t& pos, int64_t& micros) {
  micros = 0;
  if (pos >= text.size() || text[pos] != '.') return true;
  ++pos;
  int digits = 0;
  while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
    if (++digits > 9) return false;
    if (digits <= 6) micros = micros * 10 + (text[pos] - '0');
    ++pos;
  }
  if (digits == 0) return false;
  for (int i = digits; i < 6; ++i) micros *= 10;
  return true;
}

// Parses "Z" or "+HH:MM" / "-HH:MM" into an offset east of UTC.
bool ReadOffset(std::string_view text, size_t& pos, int64_t& seconds) {
  seconds = 0;
  if (Expect(text, pos, 'Z', 'z')) return true;
  if (pos >= text.size() || (text[pos] != '+' && text[pos] != '-')) {
    return false;
  }
  const int64_t sign = text[pos++] == '-' ? -1 : 1;
  int64_t hours, minutes;
  if (!ReadDigits(text, pos, 2, hours) || !Expect(text, pos, ':') ||
      !ReadDigits(text, pos, 2, minutes) || hours > 23 || minutes > 59) {
    return false;
  }
  seconds = sign * (hours * 3600 + minutes * 60);
  return true;
}

}  // namespace

std::string FormatRfc3339(Micros t) {
  const int64_t days = FloorDiv(t, kMicrosPerDay);
  // t % kMicrosPerDay, not t - days * kMicrosPerDay: that product
  // overflows near INT64_MIN (a time decoded from damaged bytes).
  int64_t in_day = t % kMicrosPerDay;
  if (in_day < 0) in_day += kMicrosPerDay;
  const Civil date = CivilFromDays(days);
  const int64_t seconds = in_day / kMicrosPerSecond;
  if (date.year >= 0 && date.year <= 9999) {
    // The common case without snprintf, which dominated hashing every
    // event's audit JSON (keytrail verify-store).
    char text[] = "0000-00-00T00:00:00.000000Z";
    auto put = [&text](int at, int64_t value, int digits) {
      for (int i = at + digits - 1; i >= at; --i, value /= 10) {
        text[i] = static_cast<char>('0' + value % 10);
      }
    };
    put(0, date.year, 4);
    put(5, date.month, 2);
    put(8, date.day, 2);
    put(11, seconds / 3600, 2);
    put(14, seconds / 60 % 60, 2);
    put(17, seconds % 60, 2);
    put(20, in_day % kMicrosPerSecond, 6);
    return std::string(text, sizeof(text) - 1);
  }
  char buffer[64];
  std::snprintf(buffer, sizeof(buffer),
                "%04lld-%02d-%02dT%02lld:%02lld:%02lld.%06lldZ",
                static_cast<long long>(date.year), date.month, date.day,
                static_cast<long long>(seconds / 3600),
                static_cast<long long>(seconds / 60 % 60),
                static_cast<long long>(seconds % 60),
                static_cast<long long>(in_day % kMicrosPerSecond));
  return buffer;
}

std::optional<Micros> ParseRfc3339(std::string_view text) {
  size_t pos = 0;
  int64_t year, month, day, hour, minute, second, micros, offset;
  if (!ReadDigits(text, pos, 4, year) || !Expect(text, pos, '-') ||
      !ReadDigits(text, pos, 2, month) || !Expect(text, pos, '-') ||
      !ReadDigits(text, pos, 2, day) || !Expect(text, pos, 'T', 't') ||
      !ReadDigits(text, pos, 2, hour) || !Expect(text, pos, ':') ||
      !ReadDigits(text, pos, 2, minute) || !Expect(text, pos, ':') ||
      !ReadDigits(text, pos, 2, second) || !ReadFraction(text, pos, micros) ||
      !ReadOffset(text, pos, offset) || pos != text.size()) {
    return std::nullopt;
  }
  // Leap seconds (:60) are not representable in Unix time; refuse them.
  if (month < 1 || month > 12 || day < 1 ||
      day > DaysInMonth(year, static_cast<int>(month)) || hour > 23 ||
      minute > 59 || second > 59) {
    return std::nullopt;
  }
  const int64_t days =
      DaysFromCivil(year, static_cast<int>(month), static_cast<int>(day));
  const int64_t seconds =
      days * 86'400 + hour * 3600 + minute * 60 + second - offset;
  return seconds * kMicrosPerSecond + micros;
}

}  // namespace keytrail
