// RecentEvents: runs of consecutive kept events, cut at a gap, at the last
// seq asked and at the count; the newest seqs stay when it is full.
#include "eventstore/postgres/recent_events.h"

#include <boost/test/unit_test.hpp>
#include <initializer_list>

namespace keytrail::eventstore {
namespace {

std::vector<RecordedEvent> EventsAt(std::initializer_list<uint64_t> seqs) {
  std::vector<RecordedEvent> events;
  for (uint64_t seq : seqs) {
    RecordedEvent event;
    event.seq = seq;
    event.stream = "token-" + std::to_string(seq);
    event.payload = "{\"n\":" + std::to_string(seq) + "}";
    events.push_back(event);
  }
  return events;
}

std::vector<uint64_t> SeqsOf(const std::vector<RecordedEvent>& events) {
  std::vector<uint64_t> seqs;
  for (const RecordedEvent& event : events) seqs.push_back(event.seq);
  return seqs;
}

BOOST_AUTO_TEST_SUITE(RecentEventsTest)

BOOST_AUTO_TEST_CASE(ARunStopsAtTheFirstGapTheLastSeqAndTheCount) {
  RecentEvents recent(100);
  recent.Keep(EventsAt({10, 11, 12, 14, 15}));  // 13: another node's
  std::vector<RecordedEvent> out = EventsAt({99});
  BOOST_TEST(recent.CopyRun(10, 100, 100, &out) == 3u);
  BOOST_TEST(SeqsOf(out) == (std::vector<uint64_t>{10, 11, 12}));
  BOOST_TEST(out[1].payload == "{\"n\":11}");
  BOOST_TEST(recent.CopyRun(13, 100, 100, &out) == 0u);
  BOOST_TEST(out.empty());
  BOOST_TEST(recent.CopyRun(14, 14, 100, &out) == 1u);  // 15 not published
  BOOST_TEST(recent.CopyRun(10, 100, 2, &out) == 2u);
  recent.Keep(EventsAt({13}));
  BOOST_TEST(recent.CopyRun(11, 100, 100, &out) == 5u);
  BOOST_TEST(SeqsOf(out) == (std::vector<uint64_t>{11, 12, 13, 14, 15}));
}

BOOST_AUTO_TEST_CASE(WhenFullItKeepsTheNewest) {
  RecentEvents recent(3);
  recent.Keep(EventsAt({1, 2, 3}));
  recent.Keep(EventsAt({4, 5}));
  std::vector<RecordedEvent> out;
  BOOST_TEST(recent.CopyRun(2, 10, 10, &out) == 0u);
  BOOST_TEST(recent.CopyRun(3, 10, 10, &out) == 3u);
  recent.Keep(EventsAt({1}));  // older than everything kept: not kept
  BOOST_TEST(recent.CopyRun(1, 10, 10, &out) == 0u);
  BOOST_TEST(recent.CopyRun(5, 10, 10, &out) == 1u);  // the newest stays
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail::eventstore
