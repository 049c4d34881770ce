// VerifyStore() (store_verifier.h) on a store tampered with through RocksDB
// directly: a flipped byte, a removed event, two swapped events and a
// rewritten tree node are each reported at the exact seq (or node).
#include <boost/test/unit_test.hpp>
#include <string>

#include "domain/event_codec.h"
#include "domain/event_json.h"
#include "domain/events.h"
#include "eventstore/event_store_format.h"
#include "eventstore/merkle_format.h"
#include "eventstore/rocks_db.h"
#include "eventstore/store_verifier.h"
#include "tests/eventstore/store_test_util.h"
#include "tests/support/memory_event_store.h"

namespace keytrail::eventstore {
namespace {

using test::TempDir;

constexpr uint64_t kEvents = 40;

// What the audit layer gives VerifyStore: the domain's data JSON.
StoreVerifyOptions Options() {
  StoreVerifyOptions options;
  options.data_json = [](const RecordedEvent& event) -> Result<std::string> {
    Result<Event> decoded =
        DecodeEvent(event.type, event.schema_version, event.payload);
    if (!decoded.ok()) return decoded.error();
    return EventData(*decoded).Serialize();
  };
  return options;
}

// A store of kEvents real domain events (groups of two accounts).
void Fill(const std::string& path) {
  EventStoreOptions options;
  options.durability = Durability::kAsync;
  auto store = testing::OpenStore(path, options);
  for (uint64_t i = 1; i <= kEvents; ++i) {
    GroupCreated group;
    group.group_id = "grp_" + std::to_string(i);
    group.account_id = i % 2 == 0 ? "acme" : "globex";
    group.name = "Group number " + std::to_string(i);
    group.permissions = {"contacts:read", "orders:write"};
    BOOST_REQUIRE(test::AppendEvent(*store, group, 1'700'000'000'000'000 + i,
                                    Actor{"tok_admin", "", "10.0.0.1"}) == i);
  }
}

// "seq:what; ..." for every problem (seq 0 for tree nodes).
std::string Verify(const std::string& path) {
  Result<StoreReport> report = VerifyStore(path, Options());
  if (!report.ok()) return "ERROR " + report.error().message;
  std::string text;
  for (const StoreProblem& problem : report->problems) {
    text += std::to_string(problem.seq) + ":" + problem.what + "; ";
  }
  return text;
}

// Runs `tamper` on the store's RocksDB, opened directly.
template <typename Fn>
void Tamper(const std::string& path, Fn tamper) {
  auto db = RocksDb::Open(EventStoreOptions{}, path);
  BOOST_REQUIRE(db.ok());
  tamper(**db);
}

std::string Get(RocksDb& db, rocksdb::ColumnFamilyHandle* family,
                const std::string& key) {
  std::string value;
  BOOST_REQUIRE(db.db()->Get(rocksdb::ReadOptions(), family, key, &value).ok());
  return value;
}

void Put(RocksDb& db, rocksdb::ColumnFamilyHandle* family,
         const std::string& key, const std::string& value) {
  BOOST_REQUIRE(db.db()->Put(rocksdb::WriteOptions(), family, key, value).ok());
}

BOOST_AUTO_TEST_SUITE(VerifyStoreTampering)

BOOST_AUTO_TEST_CASE(AnUntouchedStoreVerifies) {
  TempDir dir;
  Fill(dir.path());
  Result<StoreReport> report = VerifyStore(dir.path(), Options());
  BOOST_REQUIRE(report.ok());
  BOOST_TEST(report->ok());
  BOOST_TEST(report->events == kEvents);
  BOOST_TEST(report->tree_leaves == kEvents);
}

BOOST_AUTO_TEST_CASE(AFlippedByteNamesItsSeq) {
  for (int where : {0, 1, 2}) {
    TempDir dir;
    Fill(dir.path());
    Tamper(dir.path(), [&](RocksDb& db) {
      std::string record = Get(db, db.events(), SeqKey(17));
      // The middle of the record, the payload's last byte, the version.
      const size_t offsets[] = {record.size() / 2, record.size() - 2, 1};
      record[offsets[where]] ^= 0x01;
      Put(db, db.events(), SeqKey(17), record);
    });
    const std::string found = Verify(dir.path());
    BOOST_TEST(found.starts_with("17:was altered: "), found);
    BOOST_TEST(found.find("; ") == found.size() - 2, found);  // only that
  }
}

BOOST_AUTO_TEST_CASE(ARemovedEventIsNamed) {
  TempDir dir;
  Fill(dir.path());
  Tamper(dir.path(), [](RocksDb& db) {
    BOOST_REQUIRE(
        db.db()->Delete(rocksdb::WriteOptions(), db.events(), SeqKey(23)).ok());
  });
  BOOST_TEST(Verify(dir.path()) == "23:seq 23 missing: removed; ");
}

BOOST_AUTO_TEST_CASE(TheLastEventRemovedIsNamed) {
  TempDir dir;
  Fill(dir.path());
  Tamper(dir.path(), [](RocksDb& db) {
    BOOST_REQUIRE(
        db.db()
            ->Delete(rocksdb::WriteOptions(), db.events(), SeqKey(kEvents))
            .ok());
  });
  BOOST_TEST(Verify(dir.path()) ==
             "40:seq 40 missing: the audit tree has 40 leaves, the log ends "
             "at seq 39: events were removed; ");
}

BOOST_AUTO_TEST_CASE(SwappedEventsAreNamedAsReordered) {
  TempDir dir;
  Fill(dir.path());
  std::string id5;
  std::string id6;
  Tamper(dir.path(), [&](RocksDb& db) {
    const std::string five = Get(db, db.events(), SeqKey(5));
    const std::string six = Get(db, db.events(), SeqKey(6));
    Put(db, db.events(), SeqKey(5), six);
    Put(db, db.events(), SeqKey(6), five);
  });
  const std::string found = Verify(dir.path());
  BOOST_TEST(found.starts_with("5:holds event "), found);
  BOOST_TEST(found.find("which belongs at seq 6: events were reordered; 6:"
                        "holds event ") != std::string::npos,
             found);
  BOOST_TEST(found.ends_with("which belongs at seq 5: events were reordered; "),
             found);
}

BOOST_AUTO_TEST_CASE(ARewrittenTreeNodeIsNamed) {
  TempDir dir;
  Fill(dir.path());
  Tamper(dir.path(), [](RocksDb& db) {
    Put(db, db.tree(), TreeNodeKey(2, 3), std::string(32, 'x'));
  });
  // Node (2, 3) covers seqs 13..16; its parent (3, 1) no longer matches it.
  BOOST_TEST(Verify(dir.path()) ==
             "0:audit tree node (2, 3) over seqs 13..16 is not the hash of its "
             "children; 0:audit tree node (3, 1) over seqs 9..16 is not the "
             "hash of its children; ");
}

BOOST_AUTO_TEST_CASE(ALeafRewrittenInTheTreeNamesItsSeq) {
  TempDir dir;
  Fill(dir.path());
  Tamper(dir.path(), [](RocksDb& db) {
    Put(db, db.tree(), TreeNodeKey(0, 30), std::string(32, 'y'));
  });
  const std::string found = Verify(dir.path());
  BOOST_TEST(found.starts_with("31:has another leaf hash in the audit tree: "),
             found);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail::eventstore
