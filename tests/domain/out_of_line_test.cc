#include "base/out_of_line.h"

#include <boost/test/unit_test.hpp>
#include <string>

#include "domain/state.h"

namespace keytrail {
namespace {

BOOST_AUTO_TEST_SUITE(OutOfLineTest)

BOOST_AUTO_TEST_CASE(HoldsAValueOnlyWhileItIsNotEmpty) {
  OutOfLine<TokenRareFields> rare;
  BOOST_TEST(!rare.has_value());
  BOOST_TEST(rare->description.empty());
  rare.Update([](TokenRareFields& r) { r.description = "ci"; });
  BOOST_TEST(rare.has_value());
  BOOST_TEST(rare->description == "ci");
  rare.Update([](TokenRareFields& r) { r.disabled_reason = "manual"; });
  rare.Update([](TokenRareFields& r) { r.description.clear(); });
  BOOST_TEST(rare.has_value());  // the reason is still there
  rare.Update([](TokenRareFields& r) { r.disabled_reason.clear(); });
  BOOST_TEST(!rare.has_value());
  rare.Update([](TokenRareFields&) {});  // an empty update allocates nothing
  BOOST_TEST(!rare.has_value());
}

BOOST_AUTO_TEST_CASE(CopiesAreIndependent) {
  OutOfLine<TokenRareFields> a;
  a.Update([](TokenRareFields& r) { r.description = "a"; });
  OutOfLine<TokenRareFields> b = a;
  b.Update([](TokenRareFields& r) { r.description = "b"; });
  BOOST_TEST(a->description == "a");
  BOOST_TEST(b->description == "b");
  a = b;
  b.Update([](TokenRareFields& r) { r.description.clear(); });
  BOOST_TEST(a->description == "b");
  BOOST_TEST(!b.has_value());
  OutOfLine<TokenRareFields> moved = std::move(a);
  BOOST_TEST(moved->description == "b");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail
