#include "base/hex.h"

#include <array>
#include <boost/test/unit_test.hpp>

namespace keytrail {
namespace {

BOOST_AUTO_TEST_SUITE(HexTest)

BOOST_AUTO_TEST_CASE(BytesRoundTripThroughLowercaseHex) {
  const std::string bytes("\x00\x0f\xa5\xff", 4);
  BOOST_TEST(HexOf(bytes) == "000fa5ff");
  BOOST_TEST(ParseHex("000fa5ff").value() == bytes);
  BOOST_TEST(ParseHex("000FA5FF").value() == bytes);
  BOOST_TEST(ParseHex("").value().empty());
}

BOOST_AUTO_TEST_CASE(AnythingButHexDigitsInPairsIsRefused) {
  BOOST_TEST(!ParseHex("abc").has_value());  // odd length
  BOOST_TEST(!ParseHex("0g").has_value());
  BOOST_TEST(!ParseHex(" 0").has_value());
}

BOOST_AUTO_TEST_CASE(ParseHexIntoWantsExactlyTheBufferSize) {
  std::array<uint8_t, 2> out{};
  BOOST_TEST(ParseHexInto("a5ff", out));
  BOOST_TEST(out[0] == 0xa5);
  BOOST_TEST(out[1] == 0xff);
  BOOST_TEST(!ParseHexInto("a5", out));
  BOOST_TEST(!ParseHexInto("a5ff00", out));
  BOOST_TEST(!ParseHexInto("a5fz", out));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail
