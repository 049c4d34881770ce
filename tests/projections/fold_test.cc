#include "projections/fold.h"

#include <boost/test/unit_test.hpp>
#include <string>

#include "tests/projections/fixtures.h"
#include "tests/support/memory_event_store.h"

namespace keytrail::projections {
namespace {

FoldOptions Options(size_t threads, size_t batch) {
  FoldOptions options;
  options.threads = threads;
  options.batch_events = batch;
  return options;
}

BOOST_AUTO_TEST_SUITE(FoldTest)

BOOST_AUTO_TEST_CASE(FoldingWithManyWorkersGivesTheBytesOfOne) {
  test::MemoryEventStore store;
  uint64_t head = test::AppendLife(store, "acme", 200);
  Views one, two, three;
  BOOST_REQUIRE(FoldLog(store, one, Options(1, 4096)).ok());
  BOOST_REQUIRE(FoldLog(store, two, Options(2, 7)).ok());
  BOOST_REQUIRE(FoldLog(store, three, Options(3, 1)).ok());
  BOOST_TEST(one.applied_seq() == head);
  BOOST_TEST((two.Serialize() == one.Serialize()));
  BOOST_TEST((three.Serialize() == one.Serialize()));
}

BOOST_AUTO_TEST_CASE(FoldingStopsAtToSeqAndContinuesFromThere) {
  test::MemoryEventStore store;
  uint64_t head = test::AppendLife(store, "acme", 50);
  Views whole, resumed;
  BOOST_REQUIRE(FoldLog(store, whole, Options(2, 16)).ok());
  FoldOptions first = Options(2, 16);
  first.to_seq = head / 2 + 3;
  BOOST_REQUIRE(FoldLog(store, resumed, first).ok());
  uint64_t stopped_at = resumed.applied_seq();
  BOOST_REQUIRE(FoldLog(store, resumed, Options(2, 16)).ok());
  BOOST_TEST(stopped_at == head / 2 + 3);
  BOOST_TEST((resumed.Serialize() == whole.Serialize()));
}

BOOST_AUTO_TEST_CASE(FoldingStopsBeforeAnUndecodableEventAndReportsIt) {
  test::MemoryEventStore store;
  uint64_t good = test::AppendLife(store, "acme", 30);
  eventstore::NewEvent junk;
  junk.id = eventstore::NewEventId();
  junk.type = "NoSuchEvent";
  BOOST_REQUIRE(
      store.Append("token-x", eventstore::ExpectedVersion::Any(), {junk}).ok());
  test::AppendLife(store, "vtex", 30);
  for (size_t threads : {1, 2}) {
    Views views;
    Status folded = FoldLog(store, views, Options(threads, 8));
    BOOST_REQUIRE(!folded.ok());
    BOOST_TEST(
        folded.error().message.rfind(
            "event " + std::to_string(good + 1) + " (NoSuchEvent v1)", 0) == 0,
        folded.error().message);
    BOOST_TEST(views.applied_seq() == good);
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail::projections
