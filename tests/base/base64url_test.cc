#include "base/base64url.h"

#include <boost/test/unit_test.hpp>
#include <string>

namespace keytrail {
namespace {

BOOST_AUTO_TEST_SUITE(Base64UrlTest)

// RFC 4648 §10 test vectors, without padding.
BOOST_AUTO_TEST_CASE(EncodesTheRfcVectorsWithoutPadding) {
  std::string rendered;
  for (const char* text : {"", "f", "fo", "foo", "foob", "fooba", "foobar"}) {
    rendered += "[" + Base64UrlEncode(text) + "]";
  }
  BOOST_TEST(rendered == "[][Zg][Zm8][Zm9v][Zm9vYg][Zm9vYmE][Zm9vYmFy]");
}

BOOST_AUTO_TEST_CASE(UsesTheUrlAlphabet) {
  BOOST_TEST(Base64UrlEncode(std::string("\xfb\xff\xbf", 3)) == "-_-_");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail
