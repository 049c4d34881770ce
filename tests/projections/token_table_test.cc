#include "projections/token_table.h"

#include <boost/test/unit_test.hpp>
#include <memory>

namespace keytrail::projections {
namespace {

BOOST_AUTO_TEST_SUITE(TokenTableTest)

// Short ids (held inside the std::string) and token-length ids (on the
// heap) are both found by the view the table keys them with.
BOOST_AUTO_TEST_CASE(FindOrCreateKeysTheTokenByItsOwnId) {
  TokenTable table;
  bool created = false;
  std::string id = "tok_0123456789abcdefghij";
  TokenState& token = table.FindOrCreate(id, &created);
  BOOST_TEST(created);
  BOOST_TEST(token.id == id);
  token.name = "first";
  id.assign("overwritten, the table must not view the caller's string");
  BOOST_TEST(table.Find("tok_0123456789abcdefghij")->name == "first");
  TokenState& again = table.FindOrCreate("tok_0123456789abcdefghij", &created);
  BOOST_TEST(!created);
  BOOST_TEST(&again == &token);
  table.FindOrCreate("t1", &created);
  BOOST_TEST(created);
  BOOST_TEST(table.Find("t1") != nullptr);
  BOOST_TEST(table.Find("t2") == nullptr);
  BOOST_TEST(table.size() == 2u);
}

BOOST_AUTO_TEST_CASE(PutReplacesATokenWithTheSameId) {
  TokenTable table;
  TokenState token;
  token.id = "tok_same";
  token.name = "old";
  table.Put(token);
  token.name = "new";
  table.Put(token);
  BOOST_TEST(table.size() == 1u);
  BOOST_TEST(table.Find("tok_same")->name == "new");
}

// A copy keys its tokens by its own copies of the ids: it answers after the
// original is gone (keys viewing the original's ids would dangle).
BOOST_AUTO_TEST_CASE(ACopyOutlivesTheOriginal) {
  auto original = std::make_unique<TokenTable>();
  bool created;
  for (int i = 0; i < 100; ++i) {
    original
        ->FindOrCreate("tok_long_enough_for_the_heap_" + std::to_string(i),
                       &created)
        .name = std::to_string(i);
  }
  TokenTable copy = *original;
  TokenTable assigned;
  assigned = *original;
  original.reset();
  for (int i = 0; i < 100; ++i) {
    const std::string id = "tok_long_enough_for_the_heap_" + std::to_string(i);
    BOOST_TEST_REQUIRE(copy.Find(id) != nullptr);
    BOOST_TEST(copy.Find(id)->name == std::to_string(i));
    BOOST_TEST(assigned.Find(id)->name == std::to_string(i));
  }
  for (const auto& [key, token] : copy)
    BOOST_TEST(key.data() == token.id.data());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail::projections
