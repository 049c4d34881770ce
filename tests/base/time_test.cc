#include "base/time.h"

#include <boost/test/unit_test.hpp>
#include <limits>
#include <string>

namespace keytrail {
namespace {

BOOST_AUTO_TEST_SUITE(TimeTest)

// docs/api.md: times are RFC 3339 UTC with microseconds.
BOOST_AUTO_TEST_CASE(FormatsWithSixFractionDigits) {
  BOOST_TEST(FormatRfc3339(0) == "1970-01-01T00:00:00.000000Z");
  BOOST_TEST(FormatRfc3339(1795514400LL * kMicrosPerSecond + 123456) ==
             "2026-11-24T10:00:00.123456Z");
  BOOST_TEST(FormatRfc3339(-1) == "1969-12-31T23:59:59.999999Z");
  BOOST_TEST(FormatRfc3339(951782400LL * kMicrosPerSecond) ==
             "2000-02-29T00:00:00.000000Z");
}

// Found by tests/fuzz (event): a time decoded from damaged bytes near
// INT64_MIN overflowed (signed, UB) while it was formatted.
BOOST_AUTO_TEST_CASE(FormatsTheExtremesWithoutOverflow) {
  for (Micros t : {std::numeric_limits<Micros>::min(),
                   std::numeric_limits<Micros>::min() + 1,
                   std::numeric_limits<Micros>::max()}) {
    std::string text = FormatRfc3339(t);
    BOOST_TEST(text.ends_with("Z"), text);
  }
}

BOOST_AUTO_TEST_CASE(ParsesWhatItFormats) {
  for (Micros t : {Micros{0}, Micros{-1}, Micros{1795514400123456},
                   Micros{253402300799999999}, Micros{951782400000000}}) {
    BOOST_TEST((ParseRfc3339(FormatRfc3339(t)) == t));
  }
}

BOOST_AUTO_TEST_CASE(ParsesOffsetsAndAnyFractionLength) {
  const Micros base = 1795514400LL * kMicrosPerSecond;
  BOOST_TEST(*ParseRfc3339("2026-11-24T10:00:00Z") == base);
  BOOST_TEST(*ParseRfc3339("2026-11-24t10:00:00z") == base);
  BOOST_TEST(*ParseRfc3339("2026-11-24T07:00:00-03:00") == base);
  BOOST_TEST(*ParseRfc3339("2026-11-24T15:30:00+05:30") == base);
  BOOST_TEST(*ParseRfc3339("2026-11-24T10:00:00.5Z") == base + 500000);
  BOOST_TEST(*ParseRfc3339("2026-11-24T10:00:00.123456789Z") == base + 123456);
}

BOOST_AUTO_TEST_CASE(RejectsInvalidText) {
  for (const char* text :
       {"", "2026-11-24", "2026-11-24T10:00:00", "2026-11-24 10:00:00Z",
        "2026-13-01T00:00:00Z", "2026-00-01T00:00:00Z",
        "2026-02-29T00:00:00Z",  // not a leap year
        "2100-02-29T00:00:00Z", "2026-04-31T00:00:00Z", "2026-11-24T24:00:00Z",
        "2026-11-24T10:60:00Z", "2026-11-24T10:00:60Z", "2026-11-24T10:00:00.Z",
        "2026-11-24T10:00:00.1234567890Z", "2026-11-24T10:00:00+24:00",
        "2026-11-24T10:00:00+0300", "2026-11-24T10:00:00Zjunk",
        "+2026-11-24T10:00:00Z", "2026-1-24T10:00:00Z"}) {
    BOOST_TEST(!ParseRfc3339(text).has_value(), text);
  }
  BOOST_TEST(ParseRfc3339("2024-02-29T00:00:00Z").has_value());
  BOOST_TEST(ParseRfc3339("2000-02-29T00:00:00Z").has_value());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail
