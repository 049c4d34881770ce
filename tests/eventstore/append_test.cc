// The append contract: expected versions, idempotent retries, atomicity and
// gapless seq under concurrency.
#include <boost/test/unit_test.hpp>
#include <map>
#include <set>
#include <thread>

#include "tests/eventstore/store_test_util.h"

namespace keytrail::eventstore {
namespace {

using test::TempDir;
using testing::MakeEvent;
using testing::OpenStore;
using testing::Render;

std::vector<NewEvent> Events(std::initializer_list<std::string> types) {
  std::vector<NewEvent> events;
  for (const std::string& type : types) events.push_back(MakeEvent(type));
  return events;
}

// Appends' outcomes in call order, rendered as one string.
struct Results {
  void Add(const Result<AppendResult>& result) { text += Render(result) + " "; }
  std::string text;
};

BOOST_AUTO_TEST_SUITE(Append)

BOOST_AUTO_TEST_CASE(ExpectedVersionKindsAcceptOrConflictWithActualVersion) {
  TempDir dir;
  auto store = OpenStore(dir.path().string());
  using EV = ExpectedVersion;
  Results results;
  auto append = [&](const std::string& stream, EV expected) {
    results.Add(store->Append(stream, expected, Events({"E"})));
  };
  append("s", EV::StreamExists());  // s does not exist
  append("s", EV::Exact(0));        // s does not exist
  append("s", EV::NoStream());
  append("s", EV::NoStream());  // s now exists
  append("s", EV::Exact(5));
  append("s", EV::Exact(0));
  append("s", EV::StreamExists());
  append("s", EV::Any());
  append("t", EV::Any());
  BOOST_TEST(testing::Render(store->ReadAll(1, 100)) ==
             "1:E(s@0) 2:E(s@1) 3:E(s@2) 4:E(s@3) 5:E(t@0)");
  BOOST_TEST(results.text ==
             "CONFLICT(actual=none) CONFLICT(actual=none) 1-1@v0 "
             "CONFLICT(actual=v0) CONFLICT(actual=v0) 2-2@v1 3-3@v2 4-4@v3 "
             "5-5@v0 ");
}

BOOST_AUTO_TEST_CASE(RetryWithSameIdsAtSamePositionReturnsOriginalResult) {
  TempDir dir;
  auto store = OpenStore(dir.path().string());
  std::vector<NewEvent> first = Events({"A", "B"});
  std::vector<NewEvent> retry = first;
  Results results;
  results.Add(store->Append("s", ExpectedVersion::NoStream(), first));
  results.Add(store->Append("s", ExpectedVersion::Any(), Events({"C"})));
  results.Add(store->Append("s", ExpectedVersion::NoStream(), retry));
  results.Add(store->Append("s", ExpectedVersion::Any(), retry));
  results.Add(store->Append("s", ExpectedVersion::StreamExists(), retry));
  BOOST_TEST(results.text == "1-2@v1 3-3@v2 1-2@v1 1-2@v1 1-2@v1 ");
  BOOST_TEST(store->HeadSeq() == 3u);
  BOOST_TEST(Render(store->ReadStream("s", 0, 10)) ==
             "1:A(s@0) 2:B(s@1) 3:C(s@2)");
}

BOOST_AUTO_TEST_CASE(RetryAfterReopenIsStillIdempotent) {
  TempDir dir;
  std::vector<NewEvent> events = Events({"A"});
  Render(OpenStore(dir.path().string())
             ->Append("s", ExpectedVersion::Any(), events));
  auto store = OpenStore(dir.path().string());
  BOOST_TEST(Render(store->Append("s", ExpectedVersion::Any(), events)) ==
             "1-1@v0");
  BOOST_TEST(store->HeadSeq() == 1u);
}

BOOST_AUTO_TEST_CASE(SameIdAtAnotherPositionIsAConflict) {
  TempDir dir;
  auto store = OpenStore(dir.path().string());
  std::vector<NewEvent> first = Events({"A", "B"});
  BOOST_TEST(Render(store->Append("s", ExpectedVersion::Any(), first)) ==
             "1-2@v1");
  std::vector<NewEvent> other_stream = {first[0]};
  std::vector<NewEvent> other_version = {first[1]};  // B is at v1, asks v0
  std::vector<NewEvent> mixed = {MakeEvent("N"), first[0]};
  std::vector<NewEvent> swapped = {first[1], first[0]};
  Results results;
  results.Add(store->Append("t", ExpectedVersion::Any(), other_stream));
  results.Add(store->Append("s", ExpectedVersion::Exact(0), first));
  results.Add(store->Append("s", ExpectedVersion::NoStream(), other_version));
  results.Add(store->Append("s", ExpectedVersion::Any(), mixed));
  results.Add(store->Append("s", ExpectedVersion::Any(), swapped));
  BOOST_TEST(results.text ==
             "CONFLICT(actual=none) CONFLICT(actual=v1) CONFLICT(actual=v1) "
             "CONFLICT(actual=v1) CONFLICT(actual=v1) ");
  BOOST_TEST(store->HeadSeq() == 2u);
}

BOOST_AUTO_TEST_CASE(InvalidAppendsAreRejectedBeforeTheWriter) {
  TempDir dir;
  auto store = OpenStore(dir.path().string());
  NewEvent no_id = MakeEvent("A", "");
  NewEvent no_type = MakeEvent("");
  NewEvent twice = MakeEvent("A");
  Results results;
  results.Add(store->Append("s", ExpectedVersion::Any(), {}));
  results.Add(store->Append("", ExpectedVersion::Any(), Events({"A"})));
  results.Add(store->Append(std::string("a\0b", 3), ExpectedVersion::Any(),
                            Events({"A"})));
  results.Add(store->Append("s", ExpectedVersion::Any(), {no_id}));
  results.Add(store->Append("s", ExpectedVersion::Any(), {no_type}));
  results.Add(store->Append("s", ExpectedVersion::Any(), {twice, twice}));
  BOOST_TEST(results.text ==
             "INVALID INVALID INVALID INVALID INVALID INVALID ");
  BOOST_TEST(store->HeadSeq() == 0u);
}

BOOST_AUTO_TEST_CASE(MultiEventAppendIsAtomicAndIndexedPerEvent) {
  TempDir dir;
  auto store = OpenStore(dir.path().string());
  std::vector<NewEvent> events = Events({"A", "B", "C"});
  const std::string middle_id = events[1].id;
  BOOST_TEST(Render(store->Append("s", ExpectedVersion::NoStream(), events)) ==
             "1-3@v2");
  // A failing multi-event append writes none of its events.
  BOOST_TEST(Render(store->Append("s", ExpectedVersion::Exact(0),
                                  Events({"X", "Y"}))) ==
             "CONFLICT(actual=v2)");
  Result<RecordedEvent> by_id = store->ReadById(middle_id);
  BOOST_REQUIRE(by_id.ok());
  BOOST_TEST(Render({*by_id}) == "2:B(s@1)");
  BOOST_TEST(by_id->payload == "payload-of-B");
  BOOST_TEST(by_id->leaf_hash.size() == 32u);
  BOOST_TEST(Render(store->ReadStream("s", 1, 10)) == "2:B(s@1) 3:C(s@2)");
  BOOST_TEST(Render(store->ReadStream("s", 0, 2)) == "1:A(s@0) 2:B(s@1)");
  BOOST_TEST(Render(store->ReadAll(2, 1)) == "2:B(s@1)");
  BOOST_TEST(store->StreamHead("s")->value() == 2u);
  BOOST_TEST(!store->StreamHead("nope")->has_value());
  BOOST_TEST((store->ReadById("nope").error().code == ErrorCode::kNotFound));
}

// ReadAllInto() writes over what the vector held (longer strings, more
// events) and leaves exactly the events ReadAll() returns.
BOOST_AUTO_TEST_CASE(ReadAllIntoLeavesExactlyTheEventsReadAll) {
  TempDir dir;
  auto store = OpenStore(dir.path().string());
  BOOST_REQUIRE(
      store
          ->Append("a-long-stream-name", ExpectedVersion::Any(),
                   Events({"LongTypeName1", "LongTypeName2", "LongTypeName3"}))
          .ok());
  BOOST_REQUIRE(
      store->Append("s", ExpectedVersion::Any(), Events({"A", "B"})).ok());
  std::vector<RecordedEvent> events;
  std::string text;
  auto read = [&](uint64_t from, size_t max_count) {
    Status status = store->ReadAllInto(from, max_count, &events);
    text += status.ok() ? Render(events) : "error";
    text += " | ";
  };
  read(1, 100);
  read(4, 100);
  read(2, 2);
  read(6, 100);
  BOOST_TEST(text ==
             "1:LongTypeName1(a-long-stream-name@0) "
             "2:LongTypeName2(a-long-stream-name@1) "
             "3:LongTypeName3(a-long-stream-name@2) 4:A(s@0) 5:B(s@1) | "
             "4:A(s@0) 5:B(s@1) | "
             "2:LongTypeName2(a-long-stream-name@1) "
             "3:LongTypeName3(a-long-stream-name@2) |  | ");
  BOOST_REQUIRE(store->ReadAllInto(4, 1, &events).ok());
  Result<std::vector<RecordedEvent>> all = store->ReadAll(4, 1);
  BOOST_REQUIRE(all.ok());
  BOOST_REQUIRE(events.size() == 1u);
  BOOST_TEST(events[0].id == (*all)[0].id);
  BOOST_TEST(events[0].payload == (*all)[0].payload);
  BOOST_TEST(events[0].leaf_hash == (*all)[0].leaf_hash);
  BOOST_TEST(events[0].idempotency_key == (*all)[0].idempotency_key);
}

BOOST_AUTO_TEST_CASE(AppendEachChecksEveryAppendOnItsOwnInOrder) {
  TempDir dir;
  auto store = OpenStore(dir.path().string());
  using EV = ExpectedVersion;
  std::vector<NewEvent> retried = Events({"R"});
  BOOST_TEST(Render(store->Append("r", EV::Any(), retried)) == "1-1@v0");
  std::vector<StreamAppend> appends;
  appends.push_back({"a", EV::NoStream(), Events({"A1", "A2"})});
  appends.push_back({"b", EV::Exact(3), Events({"B"})});  // b is empty
  appends.push_back({"a", EV::Exact(1), Events({"A3"})});  // after the first
  appends.push_back({"", EV::Any(), Events({"X"})});       // invalid stream
  appends.push_back({"r", EV::Any(), retried});            // a retry
  appends.push_back({"c", EV::Any(), {}});                 // no events
  appends.push_back({"b", EV::Any(), Events({"B2"})});
  Results results;
  for (const auto& result : store->AppendEach(std::move(appends))) {
    results.Add(result);
  }
  BOOST_TEST(results.text ==
             "2-3@v1 CONFLICT(actual=none) 4-4@v2 INVALID 1-1@v0 INVALID "
             "5-5@v0 ");
  BOOST_TEST(Render(store->ReadAll(1, 100)) ==
             "1:R(r@0) 2:A1(a@0) 3:A2(a@1) 4:A3(a@2) 5:B2(b@0)");
}

BOOST_AUTO_TEST_CASE(StreamsThatArePrefixesOfEachOtherStaySeparate) {
  TempDir dir;
  auto store = OpenStore(dir.path().string());
  (void)store->Append("a", ExpectedVersion::Any(), Events({"A0", "A1"}));
  (void)store->Append("ab", ExpectedVersion::Any(), Events({"B0"}));
  (void)store->Append("a", ExpectedVersion::Any(), Events({"A2"}));
  BOOST_TEST(Render(store->ReadStream("a", 0, 10)) ==
             "1:A0(a@0) 2:A1(a@1) 4:A2(a@2)");
  BOOST_TEST(Render(store->ReadStream("ab", 0, 10)) == "3:B0(ab@0)");
}

BOOST_AUTO_TEST_CASE(SixtyFourConcurrentAppendersGetGaplessSeq) {
  TempDir dir;
  auto store = OpenStore(dir.path().string());
  constexpr int kThreads = 64;
  constexpr int kAppendsPerThread = 20;
  std::vector<std::thread> threads;
  std::vector<std::vector<AppendResult>> results(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      const std::string stream = "s" + std::to_string(t % 8);
      for (int i = 0; i < kAppendsPerThread; ++i) {
        auto result =
            store->Append(stream, ExpectedVersion::Any(), Events({"A", "B"}));
        if (result.ok()) results[t].push_back(*result);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  std::set<uint64_t> seqs;
  for (const auto& per_thread : results) {
    for (const AppendResult& result : per_thread) {
      BOOST_TEST(result.last_seq == result.first_seq + 1);
      seqs.insert(result.first_seq);
      seqs.insert(result.last_seq);
    }
  }
  constexpr uint64_t kTotal = kThreads * kAppendsPerThread * 2;
  BOOST_TEST(seqs.size() == kTotal);
  BOOST_TEST(*seqs.begin() == 1u);
  BOOST_TEST(*seqs.rbegin() == kTotal);
  BOOST_TEST(store->HeadSeq() == kTotal);
  Result<std::vector<RecordedEvent>> all = store->ReadAll(1, kTotal + 10);
  BOOST_REQUIRE(all.ok());
  BOOST_REQUIRE(all->size() == kTotal);
  std::map<std::string, uint64_t> next_version;
  for (size_t i = 0; i < all->size(); ++i) {
    const RecordedEvent& event = (*all)[i];
    BOOST_TEST(event.seq == i + 1);
    BOOST_TEST(event.version == next_version[event.stream]++);
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail::eventstore
