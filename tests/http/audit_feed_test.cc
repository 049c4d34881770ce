// AuditFeed (audit/audit_feed.h) driven as the session drives a
// BodyStream, on a real store: history then live events, filters, a reader
// too slow for the log told so and closed, heartbeats, Cancel and Stop.
#include "audit/audit_feed.h"

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <future>
#include <string>
#include <thread>

#include "domain/events.h"
#include "tests/support/memory_event_store.h"
#include "tests/support/temp_dir.h"

namespace keytrail::http::audit {
namespace {

using std::chrono::milliseconds;

// A store of real events, and a way to pull one piece from a stream.
struct Feeding {
  test::TempDir dir;
  std::unique_ptr<eventstore::EventStore> store;

  Feeding() {
    eventstore::EventStoreOptions options;
    options.durability = eventstore::Durability::kAsync;
    store = std::move(
        eventstore::EventStore::Open(options, (dir.path() / "s").string())
            .value());
  }

  void AddGroups(int count, const std::string& account) {
    for (int i = 0; i < count; ++i) {
      GroupCreated group;
      group.group_id = "grp_" + account + std::to_string(store->HeadSeq());
      group.account_id = account;
      group.name = "g" + std::to_string(i);
      test::AppendEvent(*store, group, 1'700'000'000'000'000, Actor{});
    }
  }

  // The next piece, "<end>" for the end of the stream, or "<none>" when
  // nothing came within `timeout` (the Next() then stays pending).
  static std::string Pull(BodyStream& stream,
                          milliseconds timeout = milliseconds(3000)) {
    auto promise = std::make_shared<std::promise<std::optional<std::string>>>();
    std::future<std::optional<std::string>> piece = promise->get_future();
    stream.Next([promise](std::optional<std::string> p) {
      promise->set_value(std::move(p));
    });
    if (piece.wait_for(timeout) != std::future_status::ready) return "<none>";
    std::optional<std::string> value = piece.get();
    return value ? *value : "<end>";
  }
};

// "id: 3\nevent: audit\n..." pieces as "3 4 5".
std::string Ids(const std::string& text) {
  std::string ids;
  for (size_t at = text.find("id: "); at != std::string::npos;
       at = text.find("\nid: ", at + 1)) {
    const size_t start = text.find("id: ", at) + 4;
    ids += text.substr(start, text.find('\n', start) - start) + " ";
  }
  return ids;
}

BOOST_AUTO_TEST_SUITE(AuditFeedReaders)

BOOST_FIXTURE_TEST_CASE(HistoryInPagesThenLiveEvents, Feeding) {
  AddGroups(12, "acme");
  AuditFeedOptions options;
  options.max_piece_events = 5;
  AuditFeed feed(*store, options);
  feed.Start();
  std::shared_ptr<BodyStream> reader = feed.Open({}, 3);
  BOOST_TEST(Ids(Pull(*reader)) == "4 5 6 7 8 ");
  BOOST_TEST(Ids(Pull(*reader)) == "9 10 11 12 ");
  AddGroups(2, "acme");
  std::string live = Pull(*reader);
  if (Ids(live) == "13 ") live += Pull(*reader);
  BOOST_TEST(Ids(live) == "13 14 ");
  BOOST_TEST(live.find("event: audit\ndata: {\"actor\":") != std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(FiltersHoldForHistoryAndLive, Feeding) {
  AddGroups(3, "acme");
  AddGroups(3, "globex");
  AuditFeed feed(*store);
  feed.Start();
  AuditFilter filter;
  filter.account = "globex";
  std::shared_ptr<BodyStream> reader = feed.Open(filter, 0);
  BOOST_TEST(Ids(Pull(*reader)) == "4 5 6 ");
  AddGroups(1, "acme");
  AddGroups(1, "globex");
  BOOST_TEST(Ids(Pull(*reader)) == "8 ");
}

BOOST_FIXTURE_TEST_CASE(AReaderTooFarBehindIsToldAndClosed, Feeding) {
  AuditFeedOptions options;
  options.max_queued = 8;
  AuditFeed feed(*store, options);
  feed.Start();
  std::shared_ptr<BodyStream> reader = feed.Open({}, 0);
  // Nobody reads while the log grows: appends are never held up.
  const auto start = std::chrono::steady_clock::now();
  AddGroups(30, "acme");
  BOOST_TEST((std::chrono::steady_clock::now() - start < milliseconds(2000)));
  std::this_thread::sleep_for(milliseconds(300));  // the feed catches up
  BOOST_TEST(Ids(Pull(*reader)) == "1 2 3 4 5 6 7 8 ");
  const std::string told = Pull(*reader);
  BOOST_TEST(told.starts_with("event: too_slow\ndata: {\"last_event_id\":8,"),
             told);
  BOOST_TEST(Pull(*reader) == "<end>");
  // A new reader resumes after the last event it was sent.
  std::shared_ptr<BodyStream> again = feed.Open({}, 8);
  BOOST_TEST(Ids(Pull(*again)).starts_with("9 10 "));
}

BOOST_FIXTURE_TEST_CASE(AnIdleReaderGetsHeartbeats, Feeding) {
  AuditFeedOptions options;
  options.heartbeat = milliseconds(10);
  AuditFeed feed(*store, options);
  feed.Start();
  std::shared_ptr<BodyStream> reader = feed.Open({}, 0);
  BOOST_TEST(Pull(*reader) == ": keep-alive\n\n");
}

BOOST_FIXTURE_TEST_CASE(CancelAndStopEndPendingReads, Feeding) {
  AuditFeed feed(*store);
  feed.Start();
  std::shared_ptr<BodyStream> cancelled = feed.Open({}, 0);
  auto pending = std::async(
      std::launch::async, [&] { return Pull(*cancelled, milliseconds(3000)); });
  std::this_thread::sleep_for(milliseconds(100));
  cancelled->Cancel();
  BOOST_TEST(pending.get() == "<end>");

  std::shared_ptr<BodyStream> stopped = feed.Open({}, 0);
  auto waiting = std::async(std::launch::async,
                            [&] { return Pull(*stopped, milliseconds(3000)); });
  std::this_thread::sleep_for(milliseconds(100));
  feed.Stop();
  BOOST_TEST(waiting.get() == "<end>");
  BOOST_TEST(Pull(*feed.Open({}, 0)) == "<end>");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail::http::audit
