// GET …/tokens?sort=last_used_at orders by the last_used_at each token is
// shown with (the in-memory last use of the verification path), not by the
// last use already flushed to the log, so that the list is never out of
// order against its own values. Real server, real verifications.
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "tests/http/verify_fixture.h"

namespace keytrail::test {
namespace {

using namespace std::chrono_literals;

BOOST_AUTO_TEST_SUITE(LastUsedSort)

BOOST_FIXTURE_TEST_CASE(ListIsInOrderOfTheLastUseItShows, VerifyServer) {
  CreateAccount("acme");
  const std::string group = CreateGroup("acme", {"orders:read"});
  CreatedToken first = CreateToken("acme", {group});
  CreatedToken second = CreateToken("acme", {group});
  BOOST_TEST(VerifyCode(first.secret) == "VALID");
  BOOST_TEST(VerifyCode(second.secret) == "VALID");
  // The usage flush (every second) writes first < second to the log.
  std::this_thread::sleep_for(2500ms);
  // In memory at once: first is now the newest; the log learns it later.
  BOOST_TEST(VerifyCode(first.secret) == "VALID");
  boost::json::value list = Op(
      "GET", Path("acme", "/tokens?sort=last_used_at&order=asc"), nullptr, 200);
  std::vector<std::string> ids, times;
  for (const boost::json::value& token : list.at("items").as_array()) {
    ids.push_back(Str(token.at("id")));
    times.push_back(Str(token.at("last_used_at")));
  }
  BOOST_TEST_REQUIRE(ids.size() == 2u);
  BOOST_TEST(ids[0] == second.id);
  BOOST_TEST(ids[1] == first.id);
  BOOST_TEST(times[0] <= times[1]);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail::test
