// The token timeline gives each usage event its use window — first and
// last use, count, IP — apart from the time its flush was written, and
// flags a use after the revocation from the window's first use: a flush
// written after the revoke for uses made before it is not a use after the
// revoke; a refused use after it is. Real server, real verifications.
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>
#include <optional>
#include <string>

#include "base/time.h"
#include "tests/http/verify_fixture.h"

namespace keytrail::test {
namespace {

namespace json = boost::json;

const json::object* Find(const json::value& page, const std::string& type) {
  for (const json::value& item : page.at("items").as_array()) {
    if (item.at("type").as_string() == type) return &item.as_object();
  }
  return nullptr;
}

Micros TimeOf(const json::value& text) {
  return ParseRfc3339(std::string(text.as_string())).value();
}

BOOST_AUTO_TEST_SUITE(UseWindow)

BOOST_FIXTURE_TEST_CASE(UsesFlushedAfterTheRevokeAreNotAfterIt, VerifyServer) {
  CreatedToken token = AccountWithToken("acme", {"orders:read"});
  const std::string base = Path("acme", "/tokens/" + token.id);
  BOOST_TEST(VerifyCode(token.secret) == "VALID");
  BOOST_TEST(VerifyCode(token.secret) == "VALID");
  // Revoked before the usage flush (every second) writes those two uses.
  Op("DELETE", base, nullptr, 204);
  BOOST_TEST(VerifyCode(token.secret) == "REVOKED");
  json::value page;
  BOOST_TEST_REQUIRE(Eventually([&] {
    page = Op("GET", base + "/timeline", nullptr, 200);
    return Find(page, "TokenUsed") && Find(page, "TokenUseRejected");
  }));
  const json::object& revoked = *Find(page, "TokenRevoked");
  const json::object& used = *Find(page, "TokenUsed");
  const json::object& refused = *Find(page, "TokenUseRejected");
  // The flush was written after the revoke, the uses were made before it.
  BOOST_TEST(used.at("seq").as_int64() > revoked.at("seq").as_int64());
  BOOST_TEST(TimeOf(used.at("time")) > TimeOf(revoked.at("time")));
  const json::object& use = used.at("use").as_object();
  BOOST_TEST(use.at("count") == 2);
  BOOST_TEST(use.at("ip") == "127.0.0.1");
  BOOST_TEST(use.at("code").is_null());
  BOOST_TEST(TimeOf(use.at("first_at")) <= TimeOf(use.at("last_at")));
  BOOST_TEST(TimeOf(use.at("last_at")) < TimeOf(revoked.at("time")));
  BOOST_TEST(use.at("after_revoke") == false);

  const json::object& refusal = refused.at("use").as_object();
  BOOST_TEST(refusal.at("code") == "REVOKED");
  BOOST_TEST(refusal.at("count") == 1);
  BOOST_TEST(refusal.at("after_revoke") == true);
  // Lifecycle events have no use window.
  BOOST_TEST(!revoked.contains("use"));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail::test
