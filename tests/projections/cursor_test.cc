#include "projections/cursor.h"

#include <boost/test/unit_test.hpp>
#include <string>

namespace keytrail::projections {
namespace {

BOOST_AUTO_TEST_SUITE(CursorTest)

BOOST_AUTO_TEST_CASE(CursorRoundTripsAnyKeyAndId) {
  std::string binary_key("a\0\xff\x80z", 5);
  std::string cursor = EncodeCursor("tokens/name/asc", {binary_key, "tok_1"});
  Result<CursorPosition> decoded = DecodeCursor("tokens/name/asc", cursor);
  BOOST_REQUIRE(decoded.ok());
  BOOST_TEST((decoded->key == binary_key && decoded->id == "tok_1"));
  BOOST_TEST(cursor.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijk"
                                      "lmnopqrstuvwxyz0123456789-_") ==
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(CursorOfAnotherListOrJunkIsInvalid) {
  std::string cursor = EncodeCursor("groups", {"k", "grp_1"});
  std::string rejected;
  for (const std::string& text :
       {EncodeCursor("users", {"k", "grp_1"}), cursor.substr(1), cursor + "A",
        cursor + "!", std::string("=="), std::string("%00"),
        std::string(5000, 'A'), cursor.substr(0, cursor.size() - 2)}) {
    Result<CursorPosition> decoded = DecodeCursor("groups", text);
    rejected += decoded.ok() ? "ok " : "invalid ";
  }
  BOOST_TEST(rejected ==
             "invalid invalid invalid invalid invalid invalid invalid "
             "invalid ");
}

BOOST_AUTO_TEST_CASE(SortKeysPreserveOrder) {
  BOOST_TEST(TimeSortKey(-5) < TimeSortKey(0));
  BOOST_TEST(TimeSortKey(0) < TimeSortKey(1));
  BOOST_TEST(TimeSortKey(255) < TimeSortKey(256));
  BOOST_TEST(OptionalTimeSortKey(std::nullopt) < TimeSortKey(INT64_MIN));
  BOOST_TEST(TextSortKey("apple") < TextSortKey("Billing"));
  BOOST_TEST(TextSortKey("ERP") == TextSortKey("erp"));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail::projections
