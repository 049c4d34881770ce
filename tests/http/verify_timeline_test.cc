// Timelines, usage buckets, account activity (docs/api.md §5) and the
// leaked-secret lookup, over HTTP against a real server.
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>
#include <string>

#include "base/os_random.h"
#include "domain/secret.h"
#include "tests/http/verify_fixture.h"

namespace keytrail::test {
namespace {

namespace json = boost::json;

// "Type Type ..." of a timeline page.
std::string Types(const json::value& page) {
  std::string out;
  for (const json::value& item : page.at("items").as_array()) {
    if (!out.empty()) out += " ";
    out += std::string(item.at("type").as_string());
  }
  return out;
}

BOOST_AUTO_TEST_SUITE(VerifyTimeline)

BOOST_FIXTURE_TEST_CASE(TimelineHasLifecycleAndUsageOldestFirst, VerifyServer) {
  CreatedToken token = AccountWithToken("acme", {"orders:read"});
  const std::string base = Path("acme", "/tokens/" + token.id);
  auto timeline_is = [&](const std::string& types) {
    return Eventually([&] {
      return Types(Op("GET", base + "/timeline", nullptr, 200)) == types;
    });
  };
  Op("POST", base + ":disable", nullptr, 200);
  VerifyCode(token.secret);  // DISABLED: a rejection, in the log within 1 s
  BOOST_TEST(timeline_is("TokenCreated TokenDisabled TokenUseRejected"));
  Op("POST", base + ":enable", nullptr, 200);
  VerifyCode(token.secret);
  VerifyCode(token.secret);
  const std::string expected =
      "TokenCreated TokenDisabled TokenUseRejected TokenEnabled TokenUsed";
  BOOST_TEST(timeline_is(expected));
  json::value page = Op("GET", base + "/timeline", nullptr, 200);
  BOOST_TEST(Types(page) == expected);
  const json::object& used = page.at("items").as_array().back().as_object();
  BOOST_TEST(Str(used.at("actor").at("token")) == token.id);
  BOOST_TEST(used.at("actor").at("ip") == "127.0.0.1");
  BOOST_TEST(used.at("actor").at("user").is_null());
  BOOST_TEST(used.at("data").at("count") == 2);
  BOOST_TEST(Str(used.at("data").at("token_id")) == token.id);
  BOOST_TEST(used.at("seq").is_int64());
  BOOST_TEST(used.at("time").is_string());
  const json::object& rejected = page.at("items").as_array()[2].as_object();
  BOOST_TEST(rejected.at("data").at("code") == "DISABLED");

  // Pages of two, with the cursor; a window excludes what is before it.
  json::value first = Op("GET", base + "/timeline?limit=2", nullptr, 200);
  BOOST_TEST(Types(first) == "TokenCreated TokenDisabled");
  std::string cursor(first.at("next_cursor").as_string());
  json::value second =
      Op("GET", base + "/timeline?limit=2&cursor=" + cursor, nullptr, 200);
  BOOST_TEST(Types(second) == "TokenUseRejected TokenEnabled");
  std::string since(page.at("items").as_array()[3].at("time").as_string());
  BOOST_TEST(Types(Op("GET", base + "/timeline?since=" + since, nullptr,
                      200)) == "TokenEnabled TokenUsed");
  BOOST_TEST(admin()
                 .Get(base + "/timeline?since=yesterday",
                      Bearer(server().operator_secret()))
                 .status == 400);
  BOOST_TEST(admin()
                 .Get(Path("acme", "/tokens/tok_nope/timeline"),
                      Bearer(server().operator_secret()))
                 .status == 404);
}

BOOST_FIXTURE_TEST_CASE(UsageByHourAndActivityOfTheAccount, VerifyServer) {
  CreatedToken older = AccountWithToken("acme", {"orders:read"});
  CreatedToken newer = CreateToken("acme", {CreateGroup("acme", {"x:y"})});
  VerifyCode(older.secret);
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  VerifyCode(newer.secret);
  VerifyCode(newer.secret);
  json::value activity;
  BOOST_TEST(Eventually([&] {
    activity = Op("GET", Path("acme", "/activity"), nullptr, 200);
    return activity.at("items").as_array().size() == 2 &&
           activity.at("items").at(0).at("use_count") == 2;
  }));
  const json::value& first = activity.at("items").at(0);
  BOOST_TEST(Str(first.at("token_id")) == newer.id);
  BOOST_TEST(json::serialize(first.at("ips")) == "[\"127.0.0.1\"]");
  BOOST_TEST(Str(activity.at("items").at(1).at("token_id")) == older.id);
  BOOST_TEST(activity.at("next_cursor").is_null());
  json::value paged =
      Op("GET", Path("acme", "/activity?limit=1"), nullptr, 200);
  BOOST_TEST(Str(paged.at("items").at(0).at("token_id")) == newer.id);
  BOOST_TEST(paged.at("next_cursor").is_string());

  json::value hours =
      Op("GET", Path("acme", "/tokens/" + newer.id + "/usage?by=hour"), nullptr,
         200);
  BOOST_TEST(hours.at("by") == "hour");
  BOOST_TEST(hours.at("items").as_array().size() == 1u);
  BOOST_TEST(hours.at("items").at(0).at("count") == 2);
  std::string hour(hours.at("items").at(0).at("hour").as_string());
  BOOST_TEST(hour.substr(13) == ":00:00.000000Z");
  BOOST_TEST(admin()
                 .Get(Path("acme", "/tokens/" + newer.id + "/usage?by=day"),
                      Bearer(server().operator_secret()))
                 .status == 400);
}

BOOST_FIXTURE_TEST_CASE(LookupAnswersOnlyThoseWhoMaySeeTheToken, VerifyServer) {
  CreatedToken leaked = AccountWithToken("acme", {"orders:read"});
  CreatedToken viewer =
      CreateToken("acme", {CreateGroup("acme", {"tokens:view"})});
  CreatedToken outsider = AccountWithToken("other", {"tokens:view"});
  const std::string body =
      json::serialize(json::object{{"secret", leaked.secret}});

  ClientResponse by_operator = admin().Post("/v1/tokens:lookup", body,
                                            Bearer(server().operator_secret()));
  BOOST_TEST(by_operator.status == 200);
  json::value found = by_operator.Json();
  BOOST_TEST(Str(found.at("token_id")) == leaked.id);
  BOOST_TEST(found.at("account") == "acme");
  BOOST_TEST(found.at("status") == "active");
  BOOST_TEST(found.at("matched") == "current");
  BOOST_TEST(found.at("owner").is_null());
  BOOST_TEST(by_operator.body.find(leaked.secret) == std::string::npos);

  BOOST_TEST(
      admin().Post("/v1/tokens:lookup", body, Bearer(viewer.secret)).status ==
      200);
  BOOST_TEST(
      admin().Post("/v1/tokens:lookup", body, Bearer(outsider.secret)).status ==
      404);
  BOOST_TEST(
      admin().Post("/v1/tokens:lookup", body, Bearer(leaked.secret)).status ==
      404);  // no tokens:view
  OsRandom random;
  ClientResponse unknown = admin().Post(
      "/v1/tokens:lookup",
      json::serialize(json::object{{"secret", GenerateSecret(random)}}),
      Bearer(server().operator_secret()));
  BOOST_TEST(unknown.status == 404);
  BOOST_TEST(admin().Post("/v1/tokens:lookup", body).status == 401);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail::test
