#include "domain/rate_limit.h"

#include <algorithm>
#include <boost/test/unit_test.hpp>

#include "tests/domain/test_state.h"

namespace keytrail {
namespace {

using testing::kNow;

// "1" or "0" per call at each of `times`: whether the bucket allowed it.
std::string Calls(RateBucket& bucket, const RateLimit& limit,
                  const std::vector<Micros>& times) {
  std::string out;
  for (Micros at : times)
    out += TakeCall(bucket, limit, at).allowed ? "1" : "0";
  return out;
}

BOOST_AUTO_TEST_SUITE(RateLimitTest)

BOOST_AUTO_TEST_CASE(ABurstOfLimitThenOneCallPerWindowOverLimit) {
  const RateLimit limit{3, 60'000};  // a call every 20 s
  RateBucket bucket;
  BOOST_TEST(Calls(bucket, limit, {kNow, kNow, kNow, kNow}) == "1110");
  BOOST_TEST(Calls(bucket, limit, {kNow + 19'999'999}) == "0");
  BOOST_TEST(Calls(bucket, limit, {kNow + 20'000'000, kNow + 20'000'000}) ==
             "10");
  // A long pause refills to the limit, never more.
  BOOST_TEST(
      Calls(bucket, limit,
            {kNow + 3600 * kMicrosPerSecond, kNow + 3600 * kMicrosPerSecond,
             kNow + 3600 * kMicrosPerSecond, kNow + 3600 * kMicrosPerSecond}) ==
      "1110");
}

BOOST_AUTO_TEST_CASE(TheDecisionSaysWhatIsLeftAndWhenTheNextCallComes) {
  const RateLimit limit{2, 1'000};  // a call every 500 ms
  RateBucket bucket;
  RateDecision first = TakeCall(bucket, limit, kNow);
  BOOST_TEST(first.allowed);
  BOOST_TEST(first.limit == 2);
  BOOST_TEST(first.remaining == 1);
  BOOST_TEST(first.reset == kNow);
  RateDecision second = TakeCall(bucket, limit, kNow + 100'000);
  BOOST_TEST(second.remaining == 0);
  // 100 ms refilled a fifth of a call: 400 ms to the next one.
  BOOST_TEST(second.reset == kNow + 500'000);
  RateDecision refused = TakeCall(bucket, limit, kNow + 200'000);
  BOOST_TEST(!refused.allowed);
  BOOST_TEST(refused.reset == kNow + 500'000);
}

BOOST_AUTO_TEST_CASE(AReturnedCallCanBeTakenAgainAndAShrunkLimitClamps) {
  RateBucket bucket;
  const RateLimit big{10, 1'000};
  TakeCall(bucket, big, kNow);
  ReturnCall(bucket, big);
  BOOST_TEST(TakeCall(bucket, big, kNow).remaining == 9);
  const RateLimit small{1, 1'000};
  BOOST_TEST(Calls(bucket, small, {kNow, kNow}) == "10");
}

BOOST_AUTO_TEST_CASE(BoundsAndIdentityRules) {
  auto check = [](std::optional<RateLimit> limit, std::string identity) {
    FieldErrors errors;
    CheckTokenRateLimit(errors, limit, identity);
    Status status = errors.ToStatus();
    return status.ok() ? std::string("OK") : status.error().fields[0].field;
  };
  BOOST_TEST(check(RateLimit{1, 1'000}, "") == "OK");
  BOOST_TEST(check(RateLimit{kMaxRateLimit, kMaxRateWindowMs}, "c-42") == "OK");
  BOOST_TEST(check(RateLimit{0, 1'000}, "") == "rate_limit.limit");
  BOOST_TEST(check(RateLimit{kMaxRateLimit + 1, 1'000}, "") ==
             "rate_limit.limit");
  BOOST_TEST(check(RateLimit{1, 999}, "") == "rate_limit.window_ms");
  BOOST_TEST(check(RateLimit{1, kMaxRateWindowMs + 1}, "") ==
             "rate_limit.window_ms");
  BOOST_TEST(check(std::nullopt, "c-42") == "identity");
  BOOST_TEST(check(RateLimit{1, 1'000}, std::string(101, 'x')) == "identity");
}

struct LimitedFixture : testing::TwoTokensFixture {
  // "key/limit/window_ms ..." of the token's buckets.
  std::string Buckets(const std::string& id) {
    std::string out;
    for (const RateBucketKey& bucket :
         RateBucketsOf(*state.FindToken(id), state)) {
      std::string key = bucket.key;
      std::replace(key.begin(), key.end(), '\n', ':');
      out += (out.empty() ? "" : " ") + key + "/" +
             std::to_string(bucket.limit.limit) + "/" +
             std::to_string(bucket.limit.window_ms);
    }
    return out;
  }
};

BOOST_FIXTURE_TEST_CASE(ATokensBucketsAreItsOwnOrItsIdentitysAndItsGroups,
                        LimitedFixture) {
  BOOST_TEST(Buckets(token) == "");
  UpdateTokenInput own;
  own.rate_limit = RateLimit{5, 1'000};
  Must(UpdateToken(state, "acme", token, own, context));
  BOOST_TEST(Buckets(token) == "t:" + token + "/5/1000");
  UpdateTokenInput shared;
  shared.identity = "customer-42";
  Must(UpdateToken(state, "acme", token, shared, context));
  BOOST_TEST(Buckets(token) == "i:acme:customer-42/5/1000");
  UpdateGroupInput group;
  group.rate_limit = RateLimit{100, 60'000};
  Must(UpdateGroup(state, "acme", api, group, context));
  BOOST_TEST(Buckets(token) ==
             "i:acme:customer-42/5/1000 g:" + api + "/100/60000");
  Must(UpdateGroup(state, "acme", team, group, context));
  BOOST_TEST(Buckets(personal) == "g:" + team + "/100/60000");
  // Removing the limit removes the identity with it.
  UpdateTokenInput removed;
  removed.rate_limit = std::optional<RateLimit>();
  Must(UpdateToken(state, "acme", token, removed, context));
  BOOST_TEST(state.FindToken(token)->rare->rate_identity == "");
  BOOST_TEST(Buckets(token) == "g:" + api + "/100/60000");
  BOOST_TEST(state.history().find("TokenRateLimitChanged(" + token + ")@3") !=
             std::string::npos);
  BOOST_TEST(state.history().find("GroupRateLimitChanged(" + api + ")") !=
             std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail
