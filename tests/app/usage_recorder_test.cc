// UsageRecorder's flush window: a take of many keys makes the next take wait
// the busy interval; a take of few brings the normal interval back.
#include "app/usage_recorder.h"

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <string>
#include <thread>

#include "tests/app/app_fixture.h"

namespace keytrail::test {
namespace {

using SteadyClock = std::chrono::steady_clock;

// Until the recorder has appended `events` usage events (10 s at most):
// when it got there.
SteadyClock::time_point AwaitAppended(const app::UsageRecorder& recorder,
                                      uint64_t events) {
  const auto deadline = SteadyClock::now() + std::chrono::seconds(10);
  while (recorder.stats().events_appended < events) {
    BOOST_REQUIRE(SteadyClock::now() < deadline);
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return SteadyClock::now();
}

// A use of an unknown secret from `ip`: one key (the IP) of the next take.
void UseFrom(app::UsageRecorder& recorder, const std::string& ip) {
  recorder.Record(nullptr, VerifyCode::kNotFound, ip, 1'700'000'000'000'000);
}

BOOST_AUTO_TEST_SUITE(UsageRecorderTest)

BOOST_FIXTURE_TEST_CASE(ATakeOfManyKeysMakesTheNextWaitTheBusyInterval,
                        AppFixture) {
  app::UsageRecorderOptions options;
  options.flush_interval = std::chrono::milliseconds(50);
  options.busy_flush_interval = std::chrono::milliseconds(800);
  options.busy_keys = 3;
  app::UsageRecorder recorder(store, *engine, clock, options);
  BOOST_REQUIRE(recorder.Start().ok());

  // Four keys: more than busy_keys.
  for (int i = 0; i < 4; ++i) UseFrom(recorder, "10.0.0." + std::to_string(i));
  const auto busy_take = AwaitAppended(recorder, 4);
  UseFrom(recorder, "10.0.1.1");
  const auto next_take = AwaitAppended(recorder, 5);
  BOOST_TEST(std::chrono::duration<double>(next_take - busy_take).count() >=
             0.6);

  // That take held one key: the one after it comes at the normal interval.
  UseFrom(recorder, "10.0.1.2");
  const auto quiet_take = AwaitAppended(recorder, 6);
  BOOST_TEST(std::chrono::duration<double>(quiet_take - next_take).count() <
             0.6);
  recorder.Stop();
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail::test
