// Opening stores: persistence across reopen, backups, and refusing what is
// not a keytrail store of a format this build reads.
#include <boost/test/unit_test.hpp>
#include <fstream>

#include "eventstore/event_store_format.h"
#include "eventstore/leaf_hash.h"
#include "rocksdb/db.h"
#include "tests/eventstore/store_test_util.h"

namespace keytrail::eventstore {
namespace {

using test::TempDir;
using testing::MakeEvent;
using testing::OpenStore;
using testing::Render;

// "<CODE>: <message>" of a failed open, or "opened".
std::string TryOpen(const std::string& path, EventStoreOptions options = {}) {
  auto store = EventStore::Open(options, path);
  if (store.ok()) return "opened";
  return std::string(ErrorCodeName(store.error().code)) + ": " +
         store.error().message;
}

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

void Fill(EventStore& store) {
  (void)store.Append("a", ExpectedVersion::NoStream(),
                     {MakeEvent("A0"), MakeEvent("A1")});
  (void)store.Append("b", ExpectedVersion::NoStream(), {MakeEvent("B0")});
  (void)store.Append("a", ExpectedVersion::Exact(1), {MakeEvent("A2")});
}

BOOST_AUTO_TEST_SUITE(Open)

BOOST_AUTO_TEST_CASE(ReopenKeepsEventsStreamHeadsAndIds) {
  TempDir dir;
  std::string id;
  std::string leaf_hash;
  {
    auto store = OpenStore(dir.path().string());
    Fill(*store);
    id = store->ReadAll(2, 1)->front().id;
    leaf_hash = store->ReadAll(2, 1)->front().leaf_hash;
  }
  auto store = OpenStore(dir.path().string());
  BOOST_TEST(store->HeadSeq() == 4u);
  BOOST_TEST(Render(store->ReadAll(1, 10)) ==
             "1:A0(a@0) 2:A1(a@1) 3:B0(b@0) 4:A2(a@2)");
  BOOST_TEST(store->StreamHead("a")->value() == 2u);
  BOOST_TEST(store->StreamHead("b")->value() == 0u);
  BOOST_TEST(Render({store->ReadById(id).value()}) == "2:A1(a@1)");
  BOOST_TEST(store->ReadById(id)->leaf_hash == leaf_hash);
  // The writer's head cache is rebuilt from stream_heads, not from zero.
  BOOST_TEST(Render(store->Append("a", ExpectedVersion::Exact(2),
                                  {MakeEvent("A3")})) == "5-5@v3");
  BOOST_TEST(Render(store->Append("b", ExpectedVersion::NoStream(),
                                  {MakeEvent("B1")})) == "CONFLICT(actual=v0)");
}

BOOST_AUTO_TEST_CASE(EventFieldsSurviveTheRoundTrip) {
  TempDir dir;
  NewEvent event = MakeEvent("TokenCreated");
  event.schema_version = 3;
  event.time = -5;
  event.actor = {"tok_1", "usr_2", "10.0.0.1"};
  event.payload = std::string("bin\0ary", 7);
  event.idempotency_key = "acme:retry-1";
  {
    auto store = OpenStore(dir.path().string());
    BOOST_REQUIRE(
        store->Append("token-tok_1", ExpectedVersion::Any(), {event}).ok());
  }
  RecordedEvent read =
      OpenStore(dir.path().string())->ReadById(event.id).value();
  BOOST_TEST(read.id == event.id);
  BOOST_TEST(read.stream == "token-tok_1");
  BOOST_TEST(read.schema_version == 3u);
  BOOST_TEST(read.time == -5);
  BOOST_TEST(read.actor.token_id + "|" + read.actor.user_id + "|" +
                 read.actor.ip ==
             "tok_1|usr_2|10.0.0.1");
  BOOST_TEST(read.payload == event.payload);
  BOOST_TEST(read.idempotency_key == "acme:retry-1");
  BOOST_TEST(read.leaf_hash == LeafHash(1, "token-tok_1", 0, event));
}

BOOST_AUTO_TEST_CASE(BackupOpensAsAStoreWithTheSameEvents) {
  TempDir dir;
  auto store = OpenStore(testing::PathIn(dir, "live"));
  Fill(*store);
  (void)store->Table("vault")->Put("k", "v");
  BOOST_REQUIRE(store->Backup(testing::PathIn(dir, "copy")).ok());
  BOOST_TEST((store->Backup(testing::PathIn(dir, "copy")).error().code ==
              ErrorCode::kInvalid));  // never overwrites
  (void)store->Append("c", ExpectedVersion::Any(), {MakeEvent("After")});
  auto copy = OpenStore(testing::PathIn(dir, "copy"));
  BOOST_TEST(Render(copy->ReadAll(1, 10)) ==
             "1:A0(a@0) 2:A1(a@1) 3:B0(b@0) 4:A2(a@2)");
  BOOST_TEST(copy->Table("vault")->Get("k")->value() == "v");
  BOOST_TEST(Render(copy->Append("a", ExpectedVersion::Exact(2),
                                 {MakeEvent("A3")})) == "5-5@v3");
}

BOOST_AUTO_TEST_CASE(MissingStoreIsNotCreatedWhenAskedNotTo) {
  TempDir dir;
  std::string result =
      TryOpen(testing::PathIn(dir, "none"), {.create_if_missing = false});
  BOOST_TEST(Contains(result, "NOT_FOUND: no keytrail store at"), result);
}

BOOST_AUTO_TEST_CASE(NonEmptyForeignDirectoryIsRefusedAndUntouched) {
  TempDir dir;
  std::ofstream(testing::PathIn(dir, "notes.txt")) << "mine";
  std::string result = TryOpen(dir.path().string());
  BOOST_TEST((Contains(result, "INVALID: ") &&
              Contains(result, "holds no RocksDB database")),
             result);
  BOOST_TEST(std::filesystem::directory_iterator(dir.path())->path() ==
             testing::PathIn(dir, "notes.txt"));
  std::ofstream(testing::PathIn(dir, "file")) << "x";
  result = TryOpen(testing::PathIn(dir, "file"));
  BOOST_TEST(
      (Contains(result, "INVALID: ") && Contains(result, "is not a directory")),
      result);
}

BOOST_AUTO_TEST_CASE(RocksDbWithoutKeytrailMetaIsRefused) {
  TempDir dir;
  {
    rocksdb::Options options;
    options.create_if_missing = true;
    rocksdb::DB* db = nullptr;
    BOOST_REQUIRE(rocksdb::DB::Open(options, dir.path(), &db).ok());
    BOOST_REQUIRE(db->Put(rocksdb::WriteOptions(), "their", "data").ok());
    delete db;
  }
  std::string result = TryOpen(dir.path().string());
  BOOST_TEST((Contains(result, "INVALID: ") &&
              Contains(result, "without keytrail's meta")),
             result);
}

BOOST_AUTO_TEST_CASE(NewerFormatVersionIsRefused) {
  TempDir dir;
  OpenStore(dir.path().string()).reset();
  {
    rocksdb::DB* db = nullptr;
    std::vector<rocksdb::ColumnFamilyDescriptor> families;
    std::vector<std::string> names;
    BOOST_REQUIRE(rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(),
                                                  dir.path(), &names)
                      .ok());
    for (const auto& name : names)
      families.emplace_back(name, rocksdb::ColumnFamilyOptions());
    std::vector<rocksdb::ColumnFamilyHandle*> handles;
    BOOST_REQUIRE(rocksdb::DB::Open(rocksdb::DBOptions(), dir.path(), families,
                                    &handles, &db)
                      .ok());
    std::string version;
    PutBigEndian64(version, kFormatVersion + 1);
    for (auto* handle : handles) {
      if (handle->GetName() == kMetaColumnFamily) {
        BOOST_REQUIRE(db->Put({}, handle, kMetaFormatVersion, version).ok());
      }
      BOOST_REQUIRE(db->DestroyColumnFamilyHandle(handle).ok());
    }
    delete db;
  }
  std::string result = TryOpen(dir.path().string());
  BOOST_TEST((Contains(result, "INVALID: ") &&
              Contains(result, "format version 2, newer than")),
             result);
}

BOOST_AUTO_TEST_CASE(StoreInUseIsRefusedWithAClearMessage) {
  TempDir dir;
  auto store = OpenStore(dir.path().string());
  std::string result = TryOpen(dir.path().string());
  BOOST_TEST((Contains(result, "UNAVAILABLE: ") && Contains(result, "in use")),
             result);
}

BOOST_AUTO_TEST_CASE(CorruptEventFileIsReportedAsCorruption) {
  TempDir dir;
  {
    auto store = OpenStore(dir.path().string());
    for (int i = 0; i < 50; ++i) {
      (void)store->Append("s", ExpectedVersion::Any(), {MakeEvent("E")});
    }
    // A checkpoint flushes the memtables, so the events are in SST files.
    BOOST_REQUIRE(store->Backup(testing::PathIn(dir, "flushed")).ok());
  }
  std::filesystem::remove_all(testing::PathIn(dir, "flushed"));
  int damaged = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
    if (entry.path().extension() != ".sst") continue;
    std::fstream file(entry.path(),
                      std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(100);
    file.write("garbage-garbage-garbage", 23);
    ++damaged;
  }
  BOOST_REQUIRE(damaged > 0);
  std::string result = TryOpen(dir.path().string());
  if (result == "opened") {
    // RocksDB found nothing at open; the read must then report it.
    auto store = OpenStore(dir.path().string());
    auto events = store->ReadAll(1, 100);
    BOOST_REQUIRE(!events.ok());
    result = std::string(ErrorCodeName(events.error().code));
  }
  BOOST_TEST(Contains(result, "CORRUPTION"), result);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail::eventstore
