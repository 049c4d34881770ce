// GET /v1/accounts/{account}/analytics over real HTTP (docs/api.md
// "Analytics"): real verifications, counted by outcome per bucket from the
// usage projection; bad by/times answer 400; another account sees nothing.
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>
#include <string>

#include "base/time.h"
#include "tests/http/verify_fixture.h"

namespace keytrail::test {
namespace {

namespace json = boost::json;

// "KEY VALID=3 REVOKED=1 (4)" per bucket, one line each, in answer order.
std::string Render(const json::value& answer, const std::string& key) {
  std::string out;
  for (const json::value& item : answer.at("items").as_array()) {
    out += key.empty() ? "" : Str(item.at(key)) + " ";
    for (const auto& [outcome, count] : item.at("counts").as_object()) {
      out += std::string(outcome) + "=" + Str(count) + " ";
    }
    out += "(" + Str(item.at("total")) + ")\n";
  }
  return out;
}

struct AnalyticsServer : VerifyServer {
  CreatedToken valid, revoked, disabled;
  AnalyticsServer() {
    CreateAccount("acme");
    const std::string group = CreateGroup("acme", {"orders:read"});
    valid = CreateToken("acme", {group});
    revoked = CreateToken("acme", {group});
    disabled = CreateToken("acme", {group});
    Op("DELETE", Path("acme", "/tokens/" + revoked.id), nullptr, 204);
    Op("POST", Path("acme", "/tokens/" + disabled.id + ":disable"), nullptr,
       200);
  }
  json::value Analytics(const std::string& account, const std::string& query,
                        int expected = 200) {
    return Op("GET", Path(account, "/analytics" + query), nullptr, expected);
  }
  // Waits until the account's analytics count `total` verifications.
  void AwaitTotal(const std::string& account, int64_t total) {
    BOOST_TEST_REQUIRE(Eventually([&] {
      int64_t seen = 0;
      const json::value answer = Analytics(account, "?by=outcome");
      for (const json::value& item : answer.at("items").as_array()) {
        seen += item.at("total").as_int64();
      }
      return seen == total;
    }));
  }
};

BOOST_AUTO_TEST_SUITE(Analytics)

BOOST_FIXTURE_TEST_CASE(VerificationsAreCountedByOutcomePerBucket,
                        AnalyticsServer) {
  for (int i = 0; i < 3; ++i) BOOST_TEST(VerifyCode(valid.secret) == "VALID");
  for (int i = 0; i < 2; ++i) {
    BOOST_TEST(VerifyCode(revoked.secret) == "REVOKED");
  }
  BOOST_TEST(VerifyCode(disabled.secret) == "DISABLED");
  AwaitTotal("acme", 6);

  BOOST_TEST(Render(Analytics("acme", "?by=outcome"), "outcome") ==
             "VALID VALID=3 (3)\nREVOKED REVOKED=2 (2)\n"
             "DISABLED DISABLED=1 (1)\n");
  BOOST_TEST(Render(Analytics("acme", "?by=token"), "token_id") ==
             valid.id + " VALID=3 (3)\n" + revoked.id + " REVOKED=2 (2)\n" +
                 disabled.id + " DISABLED=1 (1)\n");
  BOOST_TEST(Render(Analytics("acme", "?by=ip"), "ip") ==
             "127.0.0.1 DISABLED=1 REVOKED=2 VALID=3 (6)\n");
  // Hours: every bucket starts on the hour; together they hold all six.
  const json::value hours = Analytics("acme", "?by=hour");
  int64_t total = 0;
  for (const json::value& item : hours.at("items").as_array()) {
    const Micros hour = ParseRfc3339(Str(item.at("hour"))).value();
    BOOST_TEST(hour % (3600 * kMicrosPerSecond) == 0);
    total += item.at("total").as_int64();
  }
  BOOST_TEST(total == 6);
  // The largest bucket first; limit cuts the rest and says so.
  const json::value first = Analytics("acme", "?by=token&limit=1");
  BOOST_TEST(Render(first, "token_id") == valid.id + " VALID=3 (3)\n");
  BOOST_TEST(first.at("truncated") == true);
  BOOST_TEST(Analytics("acme", "?by=token").at("truncated") == false);
}

BOOST_FIXTURE_TEST_CASE(TheWindowSelectsTheUses, AnalyticsServer) {
  BOOST_TEST(VerifyCode(valid.secret) == "VALID");
  AwaitTotal("acme", 1);
  const std::string past =
      "since=2020-01-01T00:00:00Z&until=2020-01-02T00:00:00Z";
  BOOST_TEST(Render(Analytics("acme", "?" + past), "outcome") == "");
  BOOST_TEST(Render(Analytics("acme", "?since=2020-01-01T00:00:00Z"),
                    "outcome") == "VALID VALID=1 (1)\n");
}

BOOST_FIXTURE_TEST_CASE(AnotherAccountSeesOnlyItsOwn, AnalyticsServer) {
  BOOST_TEST(VerifyCode(valid.secret) == "VALID");
  CreatedToken theirs = AccountWithToken("globex", {"tokens:view"});
  BOOST_TEST(VerifyCode(theirs.secret) == "VALID");
  BOOST_TEST(VerifyCode(theirs.secret) == "VALID");
  AwaitTotal("acme", 1);
  AwaitTotal("globex", 2);
  BOOST_TEST(Render(Analytics("globex", "?by=token"), "token_id") ==
             theirs.id + " VALID=2 (2)\n");
  // globex's token cannot read acme's analytics.
  ClientResponse refused =
      Client().Get(Path("acme", "/analytics"), Bearer(theirs.secret));
  BOOST_TEST(refused.status == 404);
}

BOOST_FIXTURE_TEST_CASE(BadQueriesAnswer400, AnalyticsServer) {
  std::string rendered;
  for (const char* query :
       {"?by=day", "?since=yesterday", "?until=2026-13-01T00:00:00Z",
        "?since=2026-11-24T10:00:00Z&until=2026-11-24T10:00:00Z", "?limit=0",
        "?limit=1001", "?cursor=abc"}) {
    const json::value problem = Analytics("acme", query, 400);
    rendered += Str(problem.at("code")) + " " +
                Str(problem.at("errors").at(0).at("field")) + "\n";
  }
  BOOST_TEST(rendered ==
             "INVALID by\nINVALID since\nINVALID until\nINVALID until\n"
             "INVALID limit\nINVALID limit\nINVALID cursor\n");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail::test
