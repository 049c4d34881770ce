// FreshRead: a caller gets the result of a read that started after its call
// began; concurrent callers share reads.
#include "base/fresh_read.h"

#include <atomic>
#include <boost/test/unit_test.hpp>
#include <future>
#include <latch>
#include <thread>
#include <vector>

namespace keytrail {
namespace {

BOOST_AUTO_TEST_SUITE(FreshReadTest)

BOOST_AUTO_TEST_CASE(OneCallerAtATimeReadsEachTime) {
  int value = 0;
  FreshRead<int> read([&] { return ++value; });
  BOOST_TEST(read.Get() == 1);
  BOOST_TEST(read.Get() == 2);
  BOOST_TEST(read.Get() == 3);
  BOOST_TEST(read.reads() == 3u);
}

// The second caller arrives while the first read is under way, after a
// write that read may have missed: it must not be handed that read's value.
BOOST_AUTO_TEST_CASE(ACallerArrivingDuringAReadGetsTheNextRead) {
  std::atomic<int> written{0};
  std::promise<void> first_read_began;
  std::promise<void> release_first_read;
  std::shared_future<void> released = release_first_read.get_future().share();
  std::atomic<int> reads{0};
  FreshRead<int> read([&] {
    const int seen = written.load();
    if (reads.fetch_add(1) == 0) {
      first_read_began.set_value();
      released.wait();
    }
    return seen;
  });
  std::future<int> first =
      std::async(std::launch::async, [&] { return read.Get(); });
  first_read_began.get_future().wait();
  written.store(1);  // completed before the second call begins
  std::future<int> second =
      std::async(std::launch::async, [&] { return read.Get(); });
  // Let the second caller reach the wait before the first read ends.
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  release_first_read.set_value();
  BOOST_TEST(first.get() == 0);
  BOOST_TEST(second.get() == 1);
  BOOST_TEST(read.reads() == 2u);
}

// Many callers while a writer keeps writing: each sees at least what was
// written before its call, and they share reads.
BOOST_AUTO_TEST_CASE(ConcurrentCallersShareReadsAndNeverSeeThePast) {
  constexpr int kThreads = 8;
  constexpr int kCallsEach = 300;
  std::atomic<int> written{0};
  FreshRead<int> read([&] {
    const int seen = written.load();
    std::this_thread::sleep_for(std::chrono::microseconds(200));
    return seen;
  });
  std::atomic<bool> stop{false};
  std::thread writer([&] {
    while (!stop.load()) {
      written.fetch_add(1);
      std::this_thread::yield();
    }
  });
  std::atomic<int> stale{0};
  std::latch start(kThreads);
  std::vector<std::thread> callers;
  for (int t = 0; t < kThreads; ++t) {
    callers.emplace_back([&] {
      start.arrive_and_wait();
      for (int i = 0; i < kCallsEach; ++i) {
        const int before = written.load();
        if (read.Get() < before) stale.fetch_add(1);
      }
    });
  }
  for (std::thread& caller : callers) caller.join();
  stop.store(true);
  writer.join();
  BOOST_TEST(stale.load() == 0);
  BOOST_TEST(read.reads() < static_cast<uint64_t>(kThreads * kCallsEach));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail
