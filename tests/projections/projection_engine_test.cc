#include "projections/projection_engine.h"

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "domain/event_codec.h"
#include "projections/checkpoint.h"
#include "projections/fold.h"
#include "projections/rebuild.h"
#include "tests/projections/fixtures.h"
#include "tests/support/memory_event_store.h"
#include "tests/support/temp_dir.h"

namespace keytrail::projections {
namespace {

using namespace std::chrono_literals;
using test::AppendEvent;
using test::AppendLife;
using test::At;
using test::MemoryEventStore;

// No periodic checkpoint unless a test asks for one.
ProjectionEngineOptions NoPeriodicCheckpoint() {
  ProjectionEngineOptions options;
  options.checkpoint_every_events = 1'000'000'000;
  options.checkpoint_interval = std::chrono::hours(24);
  return options;
}

// Checkpoints by event count only: every `events`, and at least
// `per_aggregate` events per aggregate held.
ProjectionEngineOptions CheckpointEvery(uint64_t events,
                                        uint64_t per_aggregate) {
  ProjectionEngineOptions options = NoPeriodicCheckpoint();
  options.checkpoint_every_events = events;
  options.checkpoint_events_per_aggregate = per_aggregate;
  return options;
}

std::unique_ptr<ProjectionEngine> StartEngine(
    eventstore::EventStore& store,
    const ProjectionEngineOptions& options = NoPeriodicCheckpoint()) {
  Result<std::unique_ptr<ProjectionEngine>> engine =
      ProjectionEngine::Start(store, options);
  BOOST_REQUIRE(engine.ok());
  return std::move(engine).value();
}

std::string Image(const ProjectionEngine& engine) {
  return engine.WithViews([](const Views& views) { return views.Serialize(); });
}

BOOST_AUTO_TEST_SUITE(ProjectionEngineTest)

BOOST_AUTO_TEST_CASE(RestartFromCheckpointReplaysOnlyTheTailLikeARebuild) {
  MemoryEventStore store;
  uint64_t checkpointed = AppendLife(store, "acme", 300);
  {
    std::unique_ptr<ProjectionEngine> engine = StartEngine(store);
    BOOST_REQUIRE(engine->WaitUntilApplied(checkpointed, 10s).ok());
    BOOST_REQUIRE(engine->Stop().ok());
  }
  uint64_t head = AppendLife(store, "vtex", 20, 1000);
  std::unique_ptr<ProjectionEngine> restarted = StartEngine(store);
  BOOST_REQUIRE(restarted->WaitUntilApplied(head, 10s).ok());
  std::string restarted_image = Image(*restarted);

  Result<RebuildProgress> rebuilt = Rebuild(store, {});
  BOOST_REQUIRE(rebuilt.ok());
  Result<LoadedCheckpoint> loaded = LoadCheckpoint(store);
  BOOST_REQUIRE((loaded.ok() && loaded->views.has_value()));
  BOOST_TEST(restarted->start_info().checkpoint_seq == checkpointed);
  BOOST_TEST(restarted->events_applied() == head - checkpointed);
  BOOST_TEST(rebuilt->events_done == head);
  BOOST_TEST((loaded->views->Serialize() == restarted_image));
  BOOST_TEST(restarted->CaughtUp());
}

BOOST_AUTO_TEST_CASE(RestartOnTheRocksDbStoreReplaysOnlyTheTailLikeARebuild) {
  test::TempDir dir;
  std::string path = (dir.path() / "store").string();
  eventstore::EventStoreOptions options;
  options.durability = eventstore::Durability::kAsync;
  uint64_t checkpointed = 0, head = 0;
  {
    auto store = eventstore::EventStore::Open(options, path);
    BOOST_REQUIRE(store.ok());
    checkpointed = AppendLife(**store, "acme", 100);
    std::unique_ptr<ProjectionEngine> engine = StartEngine(**store);
    BOOST_REQUIRE(engine->WaitUntilApplied(checkpointed, 10s).ok());
    BOOST_REQUIRE(engine->Stop().ok());
    head = AppendLife(**store, "vtex", 10, 1000);
  }
  auto store = eventstore::EventStore::Open(options, path);
  BOOST_REQUIRE(store.ok());
  std::unique_ptr<ProjectionEngine> restarted = StartEngine(**store);
  BOOST_REQUIRE(restarted->WaitUntilApplied(head, 10s).ok());
  std::string restarted_image = Image(*restarted);
  BOOST_REQUIRE(restarted->Stop().ok());
  BOOST_REQUIRE(Rebuild(**store, {}).ok());
  Result<LoadedCheckpoint> rebuilt = LoadCheckpoint(**store);
  BOOST_REQUIRE((rebuilt.ok() && rebuilt->views.has_value()));
  BOOST_TEST(restarted->start_info().checkpoint_seq == checkpointed);
  BOOST_TEST(restarted->events_applied() == head - checkpointed);
  BOOST_TEST((rebuilt->views->Serialize() == restarted_image));
}

BOOST_AUTO_TEST_CASE(WaitUntilAppliedMakesAnAppendVisible) {
  MemoryEventStore store;
  AppendLife(store, "acme", 5);
  std::unique_ptr<ProjectionEngine> engine = StartEngine(store);
  uint64_t seq = AppendEvent(
      store, test::Token("tok_new", "acme", "fresh", {}, test::Sha('e')),
      At(50));
  Status waited = engine->WaitUntilApplied(seq, 10s);
  bool visible = engine->Read()->token("tok_new") != nullptr;
  Status too_far = engine->WaitUntilApplied(seq + 10, 50ms);
  BOOST_TEST(waited.ok());
  BOOST_TEST(visible);
  BOOST_TEST(
      (!too_far.ok() && too_far.error().code == ErrorCode::kUnavailable),
      (too_far.ok() ? std::string("ok") : too_far.error().message));
}

BOOST_AUTO_TEST_CASE(WaitUntilAppliedReleasesEachWaiterAtItsOwnSeq) {
  MemoryEventStore store;
  std::unique_ptr<ProjectionEngine> engine = StartEngine(store);
  std::vector<std::thread> waiters;
  std::vector<int> ok(8, 0);
  for (int i = 0; i < 8; ++i) {
    waiters.emplace_back([&, i] {
      ok[i] = engine->WaitUntilApplied(static_cast<uint64_t>(i + 1), 10s).ok();
    });
  }
  Status late = engine->WaitUntilApplied(100, 20ms);
  for (int i = 0; i < 8; ++i) {
    AppendEvent(store, test::Account("a" + std::to_string(i)), At(i));
  }
  for (std::thread& waiter : waiters) waiter.join();
  BOOST_TEST(ok == std::vector<int>(8, 1), boost::test_tools::per_element());
  BOOST_TEST(!late.ok());
}

BOOST_AUTO_TEST_CASE(CheckpointIsWrittenEveryNEventsAndOnStop) {
  MemoryEventStore store;
  std::unique_ptr<ProjectionEngine> engine =
      StartEngine(store, CheckpointEvery(10, 0));
  uint64_t head = AppendLife(store, "acme", 8);  // 2 + 8 + 3 + 8 + 1 = 22
  BOOST_REQUIRE(engine->WaitUntilApplied(head, 10s).ok());
  Result<LoadedCheckpoint> periodic = LoadCheckpoint(store);
  uint64_t written = engine->checkpoints_written();
  BOOST_REQUIRE(engine->Stop().ok());
  Result<LoadedCheckpoint> final_one = LoadCheckpoint(store);
  BOOST_REQUIRE((periodic.ok() && final_one.ok()));
  BOOST_TEST(head == 22u);
  BOOST_TEST(written == 2u);
  BOOST_TEST(periodic->views->applied_seq() == 20u);
  BOOST_TEST(final_one->views->applied_seq() == 22u);
}

// Usage events do not make the engine rewrite a large image every few
// events: it waits for checkpoint_events_per_aggregate events per aggregate.
BOOST_AUTO_TEST_CASE(CheckpointsWaitForEventsInProportionToTheViews) {
  MemoryEventStore store;
  std::unique_ptr<ProjectionEngine> engine =
      StartEngine(store, CheckpointEvery(10, 3));
  // 22 events, 10 aggregates (account, group, 8 tokens): the threshold
  // grows from 10 to 30 as they are applied, so no checkpoint yet.
  uint64_t head = AppendLife(store, "acme", 8);
  BOOST_REQUIRE(engine->WaitUntilApplied(head, 10s).ok());
  BOOST_TEST(engine->checkpoints_written() == 0u);
  BOOST_TEST(engine->Read()->aggregate_count() == 10u);
  for (int i = 0; i < 7; ++i) {
    head = AppendEvent(store, test::Used("acme_tok_0", "acme", 1, At(100 + i)),
                       At(100 + i));
  }
  BOOST_REQUIRE(engine->WaitUntilApplied(head, 10s).ok());
  BOOST_TEST(engine->checkpoints_written() == 0u);  // 29 < 30
  // The 30th event makes it; the engine checks after publishing an event,
  // so wait for one more before looking.
  for (int i = 0; i < 2; ++i) {
    head = AppendEvent(store, test::Used("acme_tok_0", "acme", 1, At(200 + i)),
                       At(200 + i));
  }
  BOOST_REQUIRE(engine->WaitUntilApplied(head, 10s).ok());
  BOOST_TEST(engine->checkpoints_written() == 1u);
  Result<LoadedCheckpoint> written = LoadCheckpoint(store);
  BOOST_REQUIRE((written.ok() && written->views.has_value()));
  BOOST_TEST(written->views->applied_seq() == 30u);
}

BOOST_AUTO_TEST_CASE(AnUndecodableEventStopsTheApplierAndNamesItsSeq) {
  MemoryEventStore store;
  uint64_t good = AppendLife(store, "acme", 1);
  eventstore::NewEvent junk;
  junk.id = eventstore::NewEventId();
  junk.type = "TokenCreated";
  junk.payload = "\x07junk";
  BOOST_REQUIRE(
      store.Append("token-x", eventstore::ExpectedVersion::Any(), {junk}).ok());
  AppendEvent(store, test::Account("later"), At(9));
  std::unique_ptr<ProjectionEngine> engine = StartEngine(store);
  Status waited = engine->WaitUntilApplied(good + 2, 10s);
  BOOST_REQUIRE(!waited.ok());
  std::string bad = "event " + std::to_string(good + 1) + " (TokenCreated v1)";
  BOOST_TEST(waited.error().message.rfind(bad, 0) == 0, waited.error().message);
  BOOST_TEST(engine->applied_seq() == good);
  BOOST_TEST(!engine->CaughtUp());
  BOOST_TEST(engine->Read()->account("later") == nullptr);
}

BOOST_AUTO_TEST_CASE(ListenersGetEveryEventAfterTheirAttachOnceInOrder) {
  MemoryEventStore store;
  AppendLife(store, "acme", 3);
  std::unique_ptr<ProjectionEngine> engine = StartEngine(store);
  std::mutex mu;
  std::string seen;
  uint64_t attached_at = 0;
  engine->AddListener(
      [&](const eventstore::RecordedEvent& recorded, const Event& event) {
        std::lock_guard lock(mu);
        seen += std::to_string(recorded.seq) + ":" +
                std::string(EventType(event)) + " ";
      },
      [&](const Views& views) { attached_at = views.applied_seq(); });
  uint64_t head = AppendLife(store, "vtex", 1);
  BOOST_REQUIRE(engine->WaitUntilApplied(head, 10s).ok());
  std::string expected;
  for (uint64_t seq = attached_at + 1; seq <= head; ++seq) {
    Result<std::vector<eventstore::RecordedEvent>> e = store.ReadAll(seq, 1);
    expected += std::to_string(seq) + ":" + e->front().type + " ";
  }
  std::lock_guard lock(mu);
  BOOST_TEST(seen == expected);
}

BOOST_AUTO_TEST_CASE(ACheckpointOfAnotherFormatIsIgnoredAndTheLogReplayed) {
  MemoryEventStore store;
  uint64_t head = AppendLife(store, "acme", 4);
  std::string record(44, '\0');
  record[0] = 99;  // format version 99
  BOOST_REQUIRE(
      store.Table(kCheckpointTable)->Put(kCheckpointKey, record).ok());
  std::unique_ptr<ProjectionEngine> engine = StartEngine(store);
  BOOST_REQUIRE(engine->WaitUntilApplied(head, 10s).ok());
  BOOST_TEST(engine->start_info().ignored_reason ==
             "checkpoint of format 99, this build writes 2");
  BOOST_TEST(engine->events_applied() == head);
}

BOOST_AUTO_TEST_CASE(RebuildReportsProgressUpToTheHead) {
  MemoryEventStore store;
  uint64_t head = AppendLife(store, "acme", 100);
  RebuildOptions options;
  options.progress_interval = 0ms;
  options.batch_events = 64;
  std::vector<uint64_t> done;
  Result<RebuildProgress> rebuilt = Rebuild(
      store,
      [&](const RebuildProgress& p) {
        done.push_back(p.events_done);
        BOOST_TEST(p.events_total == head);
      },
      options);
  BOOST_REQUIRE(rebuilt.ok());
  BOOST_TEST(done.size() >= 2u);
  BOOST_TEST(std::is_sorted(done.begin(), done.end()));
  BOOST_TEST(done.back() == head);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail::projections
