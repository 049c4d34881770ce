// The Merkle tree as the RocksDB store keeps it (merkle_tree.h, the writer's
// nodes, TreeRoot/InclusionProof/ConsistencyProof): roots equal the RFC
// 6962 root of the stored leaf hashes, proofs verify against them, survive
// a reopen, and a forged head is refused.
#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "eventstore/event_store_format.h"
#include "eventstore/merkle.h"
#include "eventstore/merkle_format.h"
#include "eventstore/merkle_tree.h"
#include "eventstore/rocks_db.h"
#include "tests/eventstore/store_test_util.h"

namespace keytrail::eventstore {
namespace {

using test::TempDir;
using testing::MakeEvent;
using testing::OpenStore;

EventStoreOptions FastOptions() {
  EventStoreOptions options;
  options.durability = Durability::kAsync;
  return options;
}

// Appends `count` events to stream `s<n % 7>` in appends of `per_append`.
void AppendEvents(EventStore& store, uint64_t count, uint64_t per_append) {
  for (uint64_t done = 0; done < count;) {
    std::vector<NewEvent> events;
    for (uint64_t i = 0; i < per_append && done < count; ++i, ++done) {
      events.push_back(MakeEvent("E" + std::to_string(done % 5)));
    }
    const std::string stream = "s" + std::to_string(done % 7);
    BOOST_REQUIRE(
        store.Append(stream, ExpectedVersion::Any(), std::move(events)).ok());
  }
}

std::vector<std::string> StoredLeaves(EventStore& store) {
  std::vector<std::string> leaves;
  for (uint64_t from = 1;;) {
    Result<std::vector<RecordedEvent>> events = store.ReadAll(from, 4096);
    BOOST_REQUIRE(events.ok());
    if (events->empty()) break;
    for (const RecordedEvent& event : *events) {
      leaves.push_back(event.leaf_hash);
    }
    from = events->back().seq + 1;
  }
  return leaves;
}

// The RFC 6962 root of `leaves[0:n]`, from the leaves alone.
std::string RootOf(const std::vector<std::string>& leaves, uint64_t n) {
  return *TreeRootHash(
      [&](int level, uint64_t index) -> Result<std::string> {
        std::vector<std::string> nodes(leaves.begin() + (index << level),
                                       leaves.begin() + ((index + 1) << level));
        while (nodes.size() > 1) {
          std::vector<std::string> up;
          for (size_t i = 0; i < nodes.size(); i += 2) {
            up.push_back(HashChildren(nodes[i], nodes[i + 1]));
          }
          nodes.swap(up);
        }
        return nodes[0];
      },
      n);
}

BOOST_AUTO_TEST_SUITE(MerkleStore)

BOOST_AUTO_TEST_CASE(RootsMatchTheStoredLeavesAtEverySize) {
  TempDir dir;
  auto store = OpenStore(dir.path(), FastOptions());
  BOOST_TEST(*store->TreeRoot(0) == EmptyTreeRoot());
  AppendEvents(*store, 100, 3);
  const std::vector<std::string> leaves = StoredLeaves(*store);
  BOOST_REQUIRE(leaves.size() == 100u);
  std::string wrong;
  for (uint64_t n = 1; n <= 100; ++n) {
    Result<std::string> root = store->TreeRoot(n);
    if (!root.ok() || *root != RootOf(leaves, n)) {
      wrong += std::to_string(n) + " ";
    }
  }
  BOOST_TEST(wrong == "");
  BOOST_TEST(!store->TreeRoot(101).ok());
  // Single nodes, for proofs built above the store.
  BOOST_TEST(*store->TreeNode(0, 4) == leaves[4]);
  BOOST_TEST(*store->TreeNode(2, 1) ==
             RootOf({leaves.begin() + 4, leaves.begin() + 8}, 4));
  BOOST_TEST(!store->TreeNode(0, 100).ok());  // seq 101
  BOOST_TEST(!store->TreeNode(7, 0).ok());    // 128 leaves
}

BOOST_AUTO_TEST_CASE(InclusionProofsVerifyAgainstTheRootAfterAReopen) {
  TempDir dir;
  {
    auto store = OpenStore(dir.path(), FastOptions());
    AppendEvents(*store, 37, 4);
  }
  auto store = OpenStore(dir.path(), FastOptions());
  AppendEvents(*store, 26, 5);  // the reopened writer continues the tree
  const std::vector<std::string> leaves = StoredLeaves(*store);
  std::string wrong;
  for (uint64_t size : {1u, 37u, 50u, 63u}) {
    const std::string root = RootOf(leaves, size);
    BOOST_TEST(*store->TreeRoot(size) == root);
    for (uint64_t seq = 1; seq <= size; ++seq) {
      Result<std::vector<std::string>> path = store->InclusionProof(seq, size);
      Result<std::string> proved =
          path.ok()
              ? RootFromInclusionPath(seq - 1, size, leaves[seq - 1], *path)
              : path.error();
      if (!proved.ok() || *proved != root) {
        wrong += std::to_string(seq) + "/" + std::to_string(size) + " ";
      }
    }
  }
  BOOST_TEST(wrong == "");
  BOOST_TEST(!store->InclusionProof(0, 10).ok());
  BOOST_TEST(!store->InclusionProof(11, 10).ok());
  BOOST_TEST(!store->InclusionProof(1, 64).ok());  // beyond the head
}

BOOST_AUTO_TEST_CASE(ConsistencyProofBetweenHeadsTenThousandEventsApart) {
  TempDir dir;
  auto store = OpenStore(dir.path(), FastOptions());
  AppendEvents(*store, 1234, 100);
  const uint64_t first = store->HeadSeq();
  const std::string first_root = *store->TreeRoot(first);
  AppendEvents(*store, 10'000, 250);
  const uint64_t second = store->HeadSeq();
  BOOST_REQUIRE(second == first + 10'000);
  const std::string second_root = *store->TreeRoot(second);

  Result<std::vector<std::string>> proof =
      store->ConsistencyProof(first, second);
  BOOST_REQUIRE(proof.ok());
  BOOST_TEST(proof->size() <= 2 * 14u);  // O(log n)
  Status verified =
      VerifyConsistency(first, second, first_root, second_root, *proof);
  BOOST_TEST(verified.ok());

  // A head whose root was forged (history rewritten) fails the same proof.
  std::string forged = second_root;
  forged[0] ^= 0x40;
  BOOST_TEST(
      !VerifyConsistency(first, second, first_root, forged, *proof).ok());
  BOOST_TEST(
      !VerifyConsistency(first, second, forged, second_root, *proof).ok());
  // An inclusion proof against the forged head fails as well.
  const std::vector<std::string> leaves = StoredLeaves(*store);
  Result<std::vector<std::string>> path = store->InclusionProof(4321, second);
  BOOST_REQUIRE(path.ok());
  BOOST_TEST(*RootFromInclusionPath(4320, second, leaves[4320], *path) ==
             second_root);
  BOOST_TEST(*RootFromInclusionPath(4320, second, leaves[4320], *path) !=
             forged);
}

BOOST_AUTO_TEST_CASE(AStoreWithoutTreeGetsItBuiltOnOpen) {
  TempDir dir;
  EventStoreOptions off = FastOptions();
  off.tamper_evidence = false;
  {
    auto store = OpenStore(dir.path(), FastOptions());
    AppendEvents(*store, 10, 2);
  }
  {
    auto store = OpenStore(dir.path(), off);  // events 11..30 get no nodes
    AppendEvents(*store, 20, 3);
  }
  auto store = OpenStore(dir.path(), FastOptions());
  AppendEvents(*store, 5, 1);
  BOOST_TEST(*store->TreeRoot(35) == RootOf(StoredLeaves(*store), 35));
}

BOOST_AUTO_TEST_CASE(AStoreMissingItsLastEventsIsRefused) {
  TempDir dir;
  {
    auto store = OpenStore(dir.path(), FastOptions());
    AppendEvents(*store, 10, 2);
  }
  {
    EventStoreOptions options;
    auto db = RocksDb::Open(options, dir.path());
    BOOST_REQUIRE(db.ok());
    BOOST_REQUIRE(
        (*db)
            ->db()
            ->Delete(rocksdb::WriteOptions(), (*db)->events(), SeqKey(10))
            .ok());
  }
  Result<std::unique_ptr<EventStore>> store = EventStore::Open({}, dir.path());
  BOOST_REQUIRE(!store.ok());
  BOOST_TEST((store.error().code == ErrorCode::kCorruption),
             store.error().message);
  BOOST_TEST(store.error().message.find("10 leaves but the log only 9") !=
             std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail::eventstore
