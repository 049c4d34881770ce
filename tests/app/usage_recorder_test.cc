// UsageRecorder's flush window: the take after one of K keys waits
// K / usage_events_per_second, between flush_interval and
// max_flush_interval; a take of few keys brings the short window back.
#include "app/usage_recorder.h"

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <string>
#include <thread>

#include "tests/app/app_fixture.h"

namespace keytrail::test {
namespace {

using SteadyClock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// Until the recorder has appended `events` usage events (10 s at most):
// when it got there.
SteadyClock::time_point AwaitAppended(const app::UsageRecorder& recorder,
                                      uint64_t events) {
  const auto deadline = SteadyClock::now() + std::chrono::seconds(10);
  while (recorder.stats().events_appended < events) {
    BOOST_REQUIRE(SteadyClock::now() < deadline);
    std::this_thread::sleep_for(milliseconds(2));
  }
  return SteadyClock::now();
}

// A use of an unknown secret from `ip`: one key (the IP) of the next take.
void UseFrom(app::UsageRecorder& recorder, const std::string& ip) {
  recorder.Record(nullptr, VerifyCode::kNotFound, ip, 1'700'000'000'000'000);
}

BOOST_AUTO_TEST_SUITE(UsageRecorderTest)

BOOST_AUTO_TEST_CASE(TheWaitGrowsWithTheKeysOfTheLastTakeWithinItsBounds) {
  const app::UsageRecorderOptions defaults;
  BOOST_TEST(app::FlushWaitAfter(0, defaults).count() == 1000);
  BOOST_TEST(app::FlushWaitAfter(2000, defaults).count() == 1000);
  BOOST_TEST(app::FlushWaitAfter(4096, defaults).count() == 2048);
  BOOST_TEST(app::FlushWaitAfter(10'000, defaults).count() == 5000);
  BOOST_TEST(app::FlushWaitAfter(20'000, defaults).count() == 10'000);
  BOOST_TEST(app::FlushWaitAfter(1'000'000, defaults).count() == 10'000);
  app::UsageRecorderOptions odd;
  odd.usage_events_per_second = 0;  // no budget: the longest window
  BOOST_TEST(app::FlushWaitAfter(1, odd).count() == 10'000);
  odd.max_flush_interval = milliseconds(10);  // below the interval
  BOOST_TEST(app::FlushWaitAfter(1, odd).count() == 1000);
}

BOOST_FIXTURE_TEST_CASE(ATakeOfManyKeysMakesTheNextWaitLonger, AppFixture) {
  app::UsageRecorderOptions options;
  options.flush_interval = milliseconds(50);
  options.usage_events_per_second = 5;  // four keys: 800 ms
  options.max_flush_interval = milliseconds(2000);
  app::UsageRecorder recorder(store, *engine, clock, options);
  BOOST_REQUIRE(recorder.Start().ok());

  for (int i = 0; i < 4; ++i) UseFrom(recorder, "10.0.0." + std::to_string(i));
  const auto busy_take = AwaitAppended(recorder, 4);
  UseFrom(recorder, "10.0.1.1");
  const auto next_take = AwaitAppended(recorder, 5);
  BOOST_TEST(std::chrono::duration<double>(next_take - busy_take).count() >=
             0.6);

  // That take held one key (200 ms of budget): the one after it comes
  // sooner.
  UseFrom(recorder, "10.0.1.2");
  const auto quiet_take = AwaitAppended(recorder, 6);
  BOOST_TEST(std::chrono::duration<double>(quiet_take - next_take).count() <
             0.6);
  recorder.Stop();
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail::test
