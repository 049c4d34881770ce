// Catch-up subscriptions: history then live events, in order, with no gap
// and no duplicate, and a head that readers never see past.
#include <atomic>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "tests/eventstore/store_test_util.h"

namespace keytrail::eventstore {
namespace {

using test::TempDir;
using testing::MakeEvent;
using testing::OpenStore;

// Collects delivered seqs; Wait() blocks until `count` arrived.
class Collector {
 public:
  EventCallback Callback() {
    return [this](const RecordedEvent& event) {
      std::lock_guard<std::mutex> lock(mu_);
      seqs_.push_back(event.seq);
      changed_.notify_all();
    };
  }
  bool WaitFor(size_t count) {
    std::unique_lock<std::mutex> lock(mu_);
    return changed_.wait_for(lock, std::chrono::seconds(30),
                             [&] { return seqs_.size() >= count; });
  }
  std::vector<uint64_t> seqs() {
    std::lock_guard<std::mutex> lock(mu_);
    return seqs_;
  }

 private:
  std::mutex mu_;
  std::condition_variable changed_;
  std::vector<uint64_t> seqs_;
};

// "" when `seqs` is exactly first, first+1, ..., last; else what is wrong.
std::string CheckRun(const std::vector<uint64_t>& seqs, uint64_t first,
                     uint64_t last) {
  for (size_t i = 0; i < seqs.size(); ++i) {
    if (seqs[i] != first + i) {
      return "at index " + std::to_string(i) + " got " +
             std::to_string(seqs[i]) + ", expected " +
             std::to_string(first + i);
    }
  }
  if (seqs.size() != last - first + 1) {
    return "got " + std::to_string(seqs.size()) + " events, expected " +
           std::to_string(last - first + 1);
  }
  return "";
}

std::string StreamName(int writer) {
  std::string name = "w";
  name += std::to_string(writer);
  return name;
}

void AppendMany(EventStore& store, const std::string& stream, int count) {
  for (int i = 0; i < count; ++i) {
    BOOST_REQUIRE(
        store.Append(stream, ExpectedVersion::Any(), {MakeEvent("E")}).ok());
  }
}

BOOST_AUTO_TEST_SUITE(Subscribe)

BOOST_AUTO_TEST_CASE(DeliversHistoryThenLiveEventsInOrder) {
  TempDir dir;
  auto store = OpenStore(dir.path().string());
  AppendMany(*store, "s", 5);
  Collector collector;
  auto subscription = store->Subscribe(2, collector.Callback());
  BOOST_REQUIRE(collector.WaitFor(3));
  AppendMany(*store, "s", 4);
  BOOST_REQUIRE(collector.WaitFor(7));
  subscription->Cancel();
  BOOST_TEST(CheckRun(collector.seqs(), 3, 9) == "");
}

BOOST_AUTO_TEST_CASE(NoGapOrDuplicateAcrossTheSwitchWithConcurrentWriters) {
  TempDir dir;
  EventStoreOptions options;
  options.durability = Durability::kAsync;  // many events, quickly
  auto store = OpenStore(dir.path().string(), options);
  AppendMany(*store, "warmup", 2000);
  std::atomic<bool> writing{true};
  std::vector<std::thread> writers;
  for (int t = 0; t < 8; ++t) {
    writers.emplace_back([&, t] {
      while (writing) {
        (void)store->Append(StreamName(t), ExpectedVersion::Any(),
                            {MakeEvent("A"), MakeEvent("B")});
      }
    });
  }
  // Subscribers start while writers run: deep in history, near the head and
  // at the head, so each crosses the history/live switch under load.
  Collector from_start, from_middle, from_head;
  std::vector<std::unique_ptr<Subscription>> subscriptions;
  subscriptions.push_back(store->Subscribe(0, from_start.Callback()));
  const uint64_t middle = store->HeadSeq() / 2;
  subscriptions.push_back(store->Subscribe(middle, from_middle.Callback()));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  const uint64_t at_head = store->HeadSeq();
  subscriptions.push_back(store->Subscribe(at_head, from_head.Callback()));
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  writing = false;
  for (std::thread& writer : writers) writer.join();
  const uint64_t last = store->HeadSeq();
  BOOST_REQUIRE(from_start.WaitFor(last));
  BOOST_REQUIRE(from_middle.WaitFor(last - middle));
  BOOST_REQUIRE(from_head.WaitFor(last - at_head));
  subscriptions.clear();
  BOOST_TEST(last > at_head);
  BOOST_TEST(CheckRun(from_start.seqs(), 1, last) == "");
  BOOST_TEST(CheckRun(from_middle.seqs(), middle + 1, last) == "");
  BOOST_TEST(CheckRun(from_head.seqs(), at_head + 1, last) == "");
}

// The bug catch-up subscribers hit most: seq N+1 becomes visible while N is
// still being committed, and a reader that moved past N never sees it. Here
// 32 appenders race while readers check that everything at or below the
// head they observe is readable, contiguous and complete.
BOOST_AUTO_TEST_CASE(ReadersNeverSeeSeqNPlusOneBeforeN) {
  TempDir dir;
  auto store =
      OpenStore(dir.path().string(), {.durability = Durability::kAsync});
  std::atomic<bool> writing{true};
  std::vector<std::thread> writers;
  for (int t = 0; t < 32; ++t) {
    writers.emplace_back([&, t] {
      for (int i = 0; i < 150; ++i) {
        (void)store->Append(StreamName(t % 4), ExpectedVersion::Any(),
                            {MakeEvent("E")});
      }
    });
  }
  Collector live;
  auto subscription = store->Subscribe(0, live.Callback());
  std::string problems;
  std::thread reader([&] {
    uint64_t seen = 0;
    while (writing) {
      const uint64_t head = store->HeadSeq();
      auto events = store->ReadAll(seen + 1, 100000);
      if (!events.ok()) {
        problems += "read failed; ";
        break;
      }
      // Everything up to the head seen before the read must be there.
      if (events->size() < head - seen) problems += "short read; ";
      for (const RecordedEvent& event : *events) {
        if (event.seq != ++seen) problems += "gap; ";
      }
    }
  });
  for (std::thread& writer : writers) writer.join();
  writing = false;
  reader.join();
  BOOST_TEST(problems == "");
  BOOST_REQUIRE(live.WaitFor(32 * 150));
  subscription->Cancel();
  BOOST_TEST(CheckRun(live.seqs(), 1, 32 * 150) == "");
}

BOOST_AUTO_TEST_CASE(CancelStopsDeliveryAndReturnsWithCallbackIdle) {
  TempDir dir;
  auto store = OpenStore(dir.path().string());
  AppendMany(*store, "s", 3);
  std::atomic<int> delivered{0};
  std::atomic<bool> in_callback{false};
  auto subscription = store->Subscribe(0, [&](const RecordedEvent&) {
    in_callback = true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    ++delivered;
    in_callback = false;
  });
  while (delivered == 0) std::this_thread::yield();
  subscription->Cancel();
  BOOST_TEST(!in_callback);
  const int at_cancel = delivered;
  AppendMany(*store, "s", 3);
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  BOOST_TEST(delivered == at_cancel);
  BOOST_TEST(at_cancel < 6);
}

BOOST_AUTO_TEST_CASE(CancelFromInsideTheCallbackStopsAfterThatEvent) {
  TempDir dir;
  auto store = OpenStore(dir.path().string());
  AppendMany(*store, "s", 5);
  std::vector<uint64_t> seqs;
  std::unique_ptr<Subscription> subscription;
  std::mutex mu;
  std::condition_variable cancelled;
  bool done = false;
  {
    std::lock_guard<std::mutex> lock(mu);  // `subscription` is set first
    subscription = store->Subscribe(0, [&](const RecordedEvent& event) {
      std::lock_guard<std::mutex> lock(mu);
      seqs.push_back(event.seq);
      if (event.seq == 2) {
        subscription->Cancel();
        done = true;
        cancelled.notify_all();
      }
    });
  }
  std::unique_lock<std::mutex> lock(mu);
  BOOST_REQUIRE(
      cancelled.wait_for(lock, std::chrono::seconds(10), [&] { return done; }));
  lock.unlock();
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  lock.lock();
  BOOST_TEST(CheckRun(seqs, 1, 2) == "");
}

BOOST_AUTO_TEST_CASE(ClosingTheStoreEndsLiveSubscriptions) {
  TempDir dir;
  auto store = OpenStore(dir.path().string());
  AppendMany(*store, "s", 2);
  Collector collector;
  auto subscription = store->Subscribe(0, collector.Callback());
  BOOST_REQUIRE(collector.WaitFor(2));
  store.reset();           // must not hang on the waiting subscription
  subscription->Cancel();  // and the handle outlives the store safely
  BOOST_TEST(CheckRun(collector.seqs(), 1, 2) == "");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail::eventstore
