// The PostgreSQL event store (eventstore/postgres) against a real
// PostgreSQL 15 started by the test (tests/support/postgres_server.h):
// the append contract, several store instances ("nodes") appending at once
// to one database with a gapless seq and a valid audit tree, subscriptions
// across nodes, side tables, one leader elected by an advisory lock and
// taken over when it goes, migrations applied once, and a PostgreSQL
// restart answered with kUnavailable and then recovered from.
#include <atomic>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "domain/event_codec.h"
#include "domain/event_json.h"
#include "domain/events.h"
#include "eventstore/merkle.h"
#include "eventstore/postgres/pg_connection.h"
#include "eventstore/store_verifier.h"
#include "projections/new_event.h"
#include "tests/eventstore/store_test_util.h"
#include "tests/support/postgres_server.h"

namespace keytrail::eventstore {
namespace {

using testing::MakeEvent;
using testing::OpenStore;
using testing::Render;

StoreVerifyOptions VerifyOptions() {
  StoreVerifyOptions options;
  options.data_json = [](const RecordedEvent& event) -> Result<std::string> {
    Result<Event> decoded =
        DecodeEvent(event.type, event.schema_version, event.payload);
    if (!decoded.ok()) return decoded.error();
    return EventData(*decoded).Serialize();
  };
  return options;
}

// A real domain event (so that verify-store can recompute its leaf hash).
NewEvent GroupEvent(const std::string& group_id, Micros time) {
  GroupCreated group;
  group.group_id = group_id;
  group.account_id = "acme";
  group.name = "Group " + group_id;
  group.permissions = {"orders:write"};
  return projections::ToNewEvent(group, time, Actor{"tok_admin", "", ""});
}

std::string VerifyReport(const std::string& url) {
  Result<StoreReport> report = VerifyStore(url, VerifyOptions());
  if (!report.ok()) return "ERROR " + report.error().message;
  std::string text = std::to_string(report->events) + " events, " +
                     std::to_string(report->tree_leaves) + " leaves";
  for (const StoreProblem& problem : report->problems) {
    text += "; " + std::to_string(problem.seq) + ":" + problem.what;
  }
  return text;
}

BOOST_AUTO_TEST_SUITE(PostgresStore)

BOOST_AUTO_TEST_CASE(AppendContractMatchesRocksDb) {
  const std::string url = test::SharedPostgres().NewDatabase();
  auto store = OpenStore(url);
  const NewEvent created = MakeEvent("Created");
  BOOST_TEST(Render(store->Append("s", ExpectedVersion::NoStream(),
                                  {created})) == "1-1@v0");
  // The same id at the same place: the first result, nothing written.
  BOOST_TEST(Render(store->Append("s", ExpectedVersion::NoStream(),
                                  {created})) == "1-1@v0");
  BOOST_TEST(Render(store->Append("s", ExpectedVersion::Any(), {created})) ==
             "1-1@v0");
  // The same id elsewhere: a conflict.
  BOOST_TEST(Render(store->Append("t", ExpectedVersion::Any(), {created})) ==
             "CONFLICT(actual=none)");
  BOOST_TEST(Render(store->Append("s", ExpectedVersion::NoStream(),
                                  {MakeEvent("Again")})) ==
             "CONFLICT(actual=v0)");
  BOOST_TEST(Render(store->Append("s", ExpectedVersion::Exact(3),
                                  {MakeEvent("Late")})) ==
             "CONFLICT(actual=v0)");
  BOOST_TEST(Render(store->Append(
                 "s", ExpectedVersion::Exact(0),
                 {MakeEvent("Renamed"), MakeEvent("Moved")})) == "2-3@v2");
  BOOST_TEST(Render(store->Append("u", ExpectedVersion::StreamExists(),
                                  {MakeEvent("X")})) ==
             "CONFLICT(actual=none)");
  BOOST_TEST(Render(store->Append("", ExpectedVersion::Any(),
                                  {MakeEvent("X")})) == "INVALID");
  BOOST_TEST(store->HeadSeq() == 3u);
  BOOST_TEST(Render(store->ReadAll(1, 10)) ==
             "1:Created(s@0) 2:Renamed(s@1) 3:Moved(s@2)");
  BOOST_TEST(Render(store->ReadStream("s", 1, 10)) ==
             "2:Renamed(s@1) 3:Moved(s@2)");
  BOOST_TEST(Render(store->ReadAll(3, 10)) == "3:Moved(s@2)");
  BOOST_TEST(*store->StreamHead("s").value() == 2u);
  BOOST_TEST(!store->StreamHead("none").value().has_value());
  Result<RecordedEvent> by_id = store->ReadById(created.id);
  BOOST_REQUIRE(by_id.ok());
  BOOST_TEST(by_id->seq == 1u);
  BOOST_TEST(by_id->payload == created.payload);
  BOOST_TEST(by_id->leaf_hash.size() == 32u);
  BOOST_TEST((store->ReadById("nope").error().code == ErrorCode::kNotFound));

  // The tree: root of 3 events from the leaves, proofs that verify.
  std::vector<std::string> leaves;
  const Result<std::vector<RecordedEvent>> stored = store->ReadAll(1, 10);
  for (const RecordedEvent& event : stored.value()) {
    leaves.push_back(event.leaf_hash);
  }
  const std::string root =
      HashChildren(HashChildren(leaves[0], leaves[1]), leaves[2]);
  BOOST_TEST(store->TreeRoot(3).value() == root);
  BOOST_TEST(store->TreeNode(1, 0).value() ==
             HashChildren(leaves[0], leaves[1]));
  Result<std::vector<std::string>> path = store->InclusionProof(2, 3);
  BOOST_REQUIRE(path.ok());
  BOOST_TEST(RootFromInclusionPath(1, 3, leaves[1], *path).value() == root);
  Result<std::vector<std::string>> consistency = store->ConsistencyProof(2, 3);
  BOOST_REQUIRE(consistency.ok());
  BOOST_TEST(
      VerifyConsistency(2, 3, store->TreeRoot(2).value(), root, *consistency)
          .ok());
  BOOST_TEST((store->TreeRoot(4).error().code == ErrorCode::kInvalid));
  // The same store opened again (a restarted node) sees it all.
  store.reset();
  auto reopened = OpenStore(url);
  BOOST_TEST(reopened->HeadSeq() == 3u);
  BOOST_TEST(reopened->TreeRoot(3).value() == root);
}

BOOST_AUTO_TEST_CASE(ThreeNodesAppendingAtOnceKeepSeqGaplessAndTreeValid) {
  const std::string url = test::SharedPostgres().NewDatabase();
  std::vector<std::unique_ptr<EventStore>> nodes;
  for (int i = 0; i < 3; ++i) nodes.push_back(OpenStore(url));
  constexpr int kThreadsPerNode = 4;
  constexpr int kAppendsPerThread = 40;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int node = 0; node < 3; ++node) {
    for (int t = 0; t < kThreadsPerNode; ++t) {
      threads.emplace_back([&, node, t] {
        for (int i = 0; i < kAppendsPerThread; ++i) {
          const std::string id = "grp_" + std::to_string(node) + "_" +
                                 std::to_string(t) + "_" + std::to_string(i);
          Result<AppendResult> result =
              nodes[node]->Append("group-" + id, ExpectedVersion::NoStream(),
                                  {GroupEvent(id, 1'700'000'000'000'000 + i)});
          if (!result.ok()) ++failures;
        }
      });
    }
  }
  for (std::thread& thread : threads) thread.join();
  BOOST_TEST(failures.load() == 0);
  constexpr uint64_t kTotal = 3 * kThreadsPerNode * kAppendsPerThread;
  // Every node's head reaches the total (its own commits or the watcher).
  for (auto& node : nodes) {
    for (int i = 0; i < 100 && node->HeadSeq() < kTotal; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    BOOST_TEST(node->HeadSeq() == kTotal);
  }
  Result<std::vector<RecordedEvent>> all = nodes[1]->ReadAll(1, kTotal + 10);
  BOOST_REQUIRE(all.ok());
  BOOST_REQUIRE(all->size() == kTotal);
  std::set<std::string> ids;
  for (uint64_t i = 0; i < kTotal; ++i) {
    BOOST_TEST((*all)[i].seq == i + 1);
    ids.insert((*all)[i].id);
  }
  BOOST_TEST(ids.size() == kTotal);
  BOOST_TEST(nodes[0]->TreeRoot(kTotal).value() ==
             nodes[2]->TreeRoot(kTotal).value());
  BOOST_TEST(VerifyReport(url) == std::to_string(kTotal) + " events, " +
                                      std::to_string(kTotal) + " leaves");
}

// "ab": which of the stores lead now (a letter per leader, in order).
std::string Leaders(const std::vector<std::unique_ptr<EventStore>>& nodes) {
  std::string leaders;
  for (size_t i = 0; i < nodes.size(); ++i) {
    if (nodes[i] != nullptr && nodes[i]->IsLeader()) {
      leaders += static_cast<char>('a' + i);
    }
  }
  return leaders;
}

// Until exactly one of `nodes` leads (10 s at most); its letter, or what
// Leaders() said last.
std::string AwaitOneLeader(
    const std::vector<std::unique_ptr<EventStore>>& nodes) {
  std::string leaders;
  for (int i = 0; i < 500; ++i) {
    leaders = Leaders(nodes);
    if (leaders.size() == 1) return leaders;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return leaders;
}

BOOST_AUTO_TEST_CASE(OneOfThreeNodesLeadsAndAnotherTakesOverWhenItCloses) {
  const std::string url = test::SharedPostgres().NewDatabase();
  std::vector<std::unique_ptr<EventStore>> nodes;
  for (int i = 0; i < 3; ++i) nodes.push_back(OpenStore(url));
  const std::string first = AwaitOneLeader(nodes);
  BOOST_REQUIRE(first.size() == 1u);
  // It stays the one leader while it lives.
  std::this_thread::sleep_for(std::chrono::milliseconds(600));
  BOOST_TEST(Leaders(nodes) == first);
  // Closing it ends its session: one of the others takes over.
  nodes[first[0] - 'a'].reset();
  const std::string second = AwaitOneLeader(nodes);
  BOOST_TEST(second.size() == 1u);
  BOOST_TEST(second != first);
  // Another database elects its own leader at the same time.
  std::vector<std::unique_ptr<EventStore>> other;
  other.push_back(OpenStore(test::SharedPostgres().NewDatabase()));
  BOOST_TEST(AwaitOneLeader(other) == "a");
  BOOST_TEST(Leaders(nodes) == second);
}

BOOST_AUTO_TEST_CASE(SubscriptionOnAnotherNodeDeliversInOrderWithoutGaps) {
  const std::string url = test::SharedPostgres().NewDatabase();
  auto writer = OpenStore(url);
  auto reader = OpenStore(url);
  BOOST_REQUIRE(
      writer->Append("pre", ExpectedVersion::Any(), {MakeEvent("Before")})
          .ok());
  std::mutex mu;
  std::vector<uint64_t> seen;
  auto subscription = reader->Subscribe(0, [&](const RecordedEvent& event) {
    std::lock_guard<std::mutex> lock(mu);
    seen.push_back(event.seq);
  });
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) {
        (void)writer->Append("s" + std::to_string(t), ExpectedVersion::Any(),
                             {MakeEvent("E")});
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::seconds(5);
  for (;;) {
    {
      std::lock_guard<std::mutex> lock(mu);
      if (seen.size() >= 201) break;
    }
    if (std::chrono::steady_clock::now() > deadline) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  subscription->Cancel();
  std::lock_guard<std::mutex> lock(mu);
  BOOST_REQUIRE(seen.size() == 201u);
  for (size_t i = 0; i < seen.size(); ++i) BOOST_TEST(seen[i] == i + 1);
}

BOOST_AUTO_TEST_CASE(SideTablesAreSharedAndSortBytewise) {
  const std::string url = test::SharedPostgres().NewDatabase();
  auto a = OpenStore(url);
  auto b = OpenStore(url);
  SideTable& table = *a->Table("checkpoints");
  const std::string zero("k\0z", 3);
  BOOST_TEST(table.Put("k2", "two").ok());
  BOOST_TEST(table.Put("k1", "one").ok());
  BOOST_TEST(table.Put(zero, std::string("\0\xff", 2)).ok());
  BOOST_TEST(table.Put("k\xff", "high").ok());
  BOOST_TEST(a->Table("other")->Put("k1", "elsewhere").ok());
  SideTable& seen_by_b = *b->Table("checkpoints", SideTableWrites::kDerived);
  BOOST_TEST(*seen_by_b.Get("k1").value() == "one");
  BOOST_TEST(*seen_by_b.Get(zero).value() == std::string("\0\xff", 2));
  BOOST_TEST(!seen_by_b.Get("absent").value().has_value());
  std::string keys;
  BOOST_TEST(seen_by_b
                 .Scan("", "",
                       [&](const std::string& key, const std::string&) {
                         keys += key + "|";
                         return true;
                       })
                 .ok());
  BOOST_TEST(keys == std::string("k\0z|k1|k2|k\xff|", 13));
  keys.clear();
  BOOST_TEST(seen_by_b
                 .Scan("k1", "k\xff",
                       [&](const std::string& key, const std::string&) {
                         keys += key + "|";
                         return true;
                       })
                 .ok());
  BOOST_TEST(keys == "k1|k2|");
  BOOST_TEST(seen_by_b.Write({{"k1", std::nullopt}, {"k3", "three"}}).ok());
  BOOST_TEST(!table.Get("k1").value().has_value());
  BOOST_TEST(*table.Get("k3").value() == "three");
  BOOST_TEST(table.Delete("k2").ok());
  BOOST_TEST(!seen_by_b.Get("k2").value().has_value());
  BOOST_TEST(*a->Table("other")->Get("k1").value() == "elsewhere");
}

BOOST_AUTO_TEST_CASE(NodesStartingTogetherMigrateOnce) {
  const std::string url = test::SharedPostgres().NewDatabase();
  std::vector<std::thread> threads;
  std::atomic<int> opened{0};
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&] {
      if (EventStore::Open({}, url).ok()) ++opened;
    });
  }
  for (std::thread& thread : threads) thread.join();
  BOOST_TEST(opened.load() == 4);
  auto conn = PgConnection::Connect(url);
  BOOST_REQUIRE(conn.ok());
  Result<PgRows> rows =
      (*conn)->Query("SELECT count(*), max(version) FROM keytrail_schema");
  BOOST_REQUIRE(rows.ok());
  // Every migration once (2: the head's frontier column).
  BOOST_TEST(rows->Int(0, 0) == 2);
  BOOST_TEST(rows->Int(0, 1) == 2);
}

// A node's writer takes the tree frontier from the head row when another
// node appended since its last batch; a head row without one (a database
// written before migration 2) or with a stale one (a size other than the
// head's) makes it read the frontier from the tree nodes instead. Either
// way the tree stays the RFC 6962 tree of the leaves.
BOOST_AUTO_TEST_CASE(AWriterThatFindsNoUsableFrontierReadsTheTreeNodes) {
  const std::string url = test::SharedPostgres().NewDatabase();
  auto a = OpenStore(url);
  auto b = OpenStore(url);
  auto conn = PgConnection::Connect(url);
  BOOST_REQUIRE(conn.ok());
  Micros time = 1'700'000'000'000'000;
  int appended = 0;
  auto append_on = [&](EventStore& node) {
    const std::string group = "g" + std::to_string(appended++);
    return node
        .Append(group, ExpectedVersion::NoStream(), {GroupEvent(group, ++time)})
        .ok();
  };
  // b appends after a: b's frontier comes from the head row.
  BOOST_TEST(append_on(*a));
  BOOST_TEST(append_on(*a));
  BOOST_TEST(append_on(*b));
  // No frontier (before migration 2): a reads the nodes.
  BOOST_TEST((*conn)->Run("UPDATE keytrail_log_head SET frontier = NULL").ok());
  BOOST_TEST(append_on(*a));
  // A stale one, of 1 leaf, on a head of 4: b reads the nodes.
  TreeFrontier one_leaf;
  one_leaf.Append(std::string(32, 'x'),
                  [](int, uint64_t, const std::string&) {});
  BOOST_TEST((*conn)
                 ->Query("UPDATE keytrail_log_head SET frontier = $1",
                         PgParams().Bytes(one_leaf.Packed()))
                 .ok());
  BOOST_TEST(append_on(*b));
  BOOST_TEST(append_on(*a));
  BOOST_TEST(append_on(*b));
  // The eighth leaf completes the level-3 node over the level-2 one a bad
  // frontier would have held.
  BOOST_TEST(append_on(*a));

  const Result<std::vector<RecordedEvent>> stored = a->ReadAll(1, 100);
  BOOST_REQUIRE(stored.ok());
  std::vector<std::string> leaves;
  for (const RecordedEvent& event : *stored) leaves.push_back(event.leaf_hash);
  BOOST_REQUIRE(leaves.size() == 8u);
  const std::string root =
      HashChildren(HashChildren(HashChildren(leaves[0], leaves[1]),
                                HashChildren(leaves[2], leaves[3])),
                   HashChildren(HashChildren(leaves[4], leaves[5]),
                                HashChildren(leaves[6], leaves[7])));
  BOOST_TEST(a->TreeRoot(8).value() == root);
  BOOST_TEST(b->TreeRoot(8).value() == root);
  BOOST_TEST(VerifyReport(url) == "8 events, 8 leaves");
}

BOOST_AUTO_TEST_CASE(RestartOfPostgresIsUnavailableThenRecovers) {
  test::PostgresServer pg;
  const std::string url = pg.NewDatabase();
  auto store = OpenStore(url);
  auto other = OpenStore(url);
  std::vector<uint64_t> delivered;
  std::mutex mu;
  auto subscription = other->Subscribe(0, [&](const RecordedEvent& event) {
    std::lock_guard<std::mutex> lock(mu);
    delivered.push_back(event.seq);
  });
  BOOST_REQUIRE(
      store->Append("s", ExpectedVersion::Any(), {GroupEvent("grp_a", 1)})
          .ok());
  pg.Stop();
  const NewEvent during = GroupEvent("grp_b", 2);
  Result<AppendResult> refused =
      store->Append("s", ExpectedVersion::Any(), {during});
  BOOST_REQUIRE(!refused.ok());
  BOOST_TEST((refused.error().code == ErrorCode::kUnavailable));
  // What the node committed lately is still read from its memory; what
  // needs the database is not.
  Result<std::vector<RecordedEvent>> kept = store->ReadAll(1, 10);
  BOOST_TEST((kept.ok() && kept->size() == 1 && kept->front().seq == 1));
  BOOST_TEST(
      (store->ReadStream("s", 0, 10).error().code == ErrorCode::kUnavailable));
  BOOST_TEST((store->Table("t")->Put("k", "v").error().code ==
              ErrorCode::kUnavailable));
  pg.Start();
  // The client's retry with the same id: written once.
  Result<AppendResult> retried =
      store->Append("s", ExpectedVersion::Any(), {during});
  BOOST_REQUIRE_MESSAGE(retried.ok(),
                        (retried.ok() ? "" : retried.error().message));
  BOOST_TEST(Render(retried) == "2-2@v1");
  BOOST_TEST(Render(store->Append("s", ExpectedVersion::Any(), {during})) ==
             "2-2@v1");
  BOOST_TEST(store->Table("t")->Put("k", "v").ok());
  for (int i = 0; i < 200; ++i) {
    {
      std::lock_guard<std::mutex> lock(mu);
      if (delivered.size() >= 2) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  subscription->Cancel();
  BOOST_TEST(delivered == (std::vector<uint64_t>{1, 2}));
  BOOST_TEST(VerifyReport(url) == "2 events, 2 leaves");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail::eventstore
