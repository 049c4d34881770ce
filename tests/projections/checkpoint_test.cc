#include "projections/checkpoint.h"

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "projections/fold.h"
#include "tests/projections/fixtures.h"
#include "tests/support/memory_event_store.h"

namespace keytrail::projections {
namespace {

using test::AppendLife;

// The views folded from the whole log of `store` (without Rebuild(), which
// writes a checkpoint of its own).
Views ViewsOf(eventstore::EventStore& store) {
  Views views;
  BOOST_REQUIRE(FoldLog(store, views, {}).ok());
  return views;
}

// Every chunk key in the checkpoint table.
std::vector<std::string> ChunkKeys(eventstore::EventStore& store) {
  std::vector<std::string> keys;
  BOOST_REQUIRE(store.Table(kCheckpointTable)
                    ->Scan("views/", "views0",
                           [&](const std::string& key, const std::string&) {
                             keys.push_back(key);
                             return true;
                           })
                    .ok());
  return keys;
}

LoadedCheckpoint Load(eventstore::EventStore& store) {
  Result<LoadedCheckpoint> loaded = LoadCheckpoint(store);
  BOOST_REQUIRE(loaded.ok());
  return std::move(*loaded);
}

BOOST_AUTO_TEST_SUITE(CheckpointTest)

// The image is stored in chunks of at most chunk_bytes and read back as
// the same bytes.
BOOST_AUTO_TEST_CASE(TheImageRoundTripsThroughManyChunks) {
  test::MemoryEventStore store;
  AppendLife(store, "acme", 30);
  const Views views = ViewsOf(store);
  const std::string image = views.Serialize();
  BOOST_REQUIRE(WriteCheckpoint(store, views, {.chunk_bytes = 100}).ok());
  BOOST_TEST(ChunkKeys(store).size() == (image.size() + 99) / 100);
  LoadedCheckpoint loaded = Load(store);
  BOOST_REQUIRE(loaded.views.has_value());
  BOOST_TEST(loaded.ignored_reason.empty());
  BOOST_TEST((loaded.views->Serialize() == image));
}

// A new checkpoint replaces the old one whole: the old chunks are gone,
// and so are those a crashed write left behind.
BOOST_AUTO_TEST_CASE(ANewCheckpointDropsEveryOtherChunk) {
  test::MemoryEventStore store;
  AppendLife(store, "acme", 10);
  BOOST_REQUIRE(
      WriteCheckpoint(store, ViewsOf(store), {.chunk_bytes = 64}).ok());
  const std::vector<std::string> first = ChunkKeys(store);
  BOOST_REQUIRE(store.Table(kCheckpointTable)
                    ->Put("views/00000000000000ff/00000000", "orphan")
                    .ok());
  AppendLife(store, "vtex", 10, 1000);
  const Views later = ViewsOf(store);
  BOOST_REQUIRE(WriteCheckpoint(store, later, {.chunk_bytes = 64}).ok());
  const std::vector<std::string> second = ChunkKeys(store);
  BOOST_TEST(second.size() == (later.Serialize().size() + 63) / 64);
  for (const std::string& key : second) {
    BOOST_TEST((std::find(first.begin(), first.end(), key) == first.end()));
    BOOST_TEST(key != "views/00000000000000ff/00000000");
  }
  LoadedCheckpoint loaded = Load(store);
  BOOST_REQUIRE(loaded.views.has_value());
  BOOST_TEST(loaded.views->applied_seq() == later.applied_seq());
}

// A damaged or missing chunk makes the checkpoint unusable before anything
// is parsed; the engine then folds the log (the log is the truth).
BOOST_AUTO_TEST_CASE(ADamagedOrMissingChunkIsIgnored) {
  test::MemoryEventStore store;
  AppendLife(store, "acme", 10);
  const Views views = ViewsOf(store);
  BOOST_REQUIRE(WriteCheckpoint(store, views, {.chunk_bytes = 64}).ok());
  const std::vector<std::string> keys = ChunkKeys(store);
  BOOST_REQUIRE(keys.size() >= 3u);
  eventstore::SideTable& table = *store.Table(kCheckpointTable);

  Result<std::optional<std::string>> chunk = table.Get(keys[1]);
  BOOST_REQUIRE((chunk.ok() && chunk->has_value()));
  std::string damaged = **chunk;
  damaged[10] ^= 1;
  BOOST_REQUIRE(table.Put(keys[1], damaged).ok());
  LoadedCheckpoint loaded = Load(store);
  BOOST_TEST(!loaded.views.has_value());
  BOOST_TEST(loaded.ignored_reason ==
             "checkpoint digest does not match its bytes");

  BOOST_REQUIRE(table.Delete(keys[2]).ok());
  loaded = Load(store);
  BOOST_TEST(!loaded.views.has_value());
  BOOST_TEST(loaded.ignored_reason == "checkpoint chunk 2 is missing");
}

// A record of format 1 (the whole image in one value) is ignored, and the
// next write replaces it.
BOOST_AUTO_TEST_CASE(AWholeImageRecordOfFormatOneIsReplaced) {
  test::MemoryEventStore store;
  AppendLife(store, "acme", 5);
  std::string old_record(44, '\0');
  old_record[0] = 1;
  old_record += ViewsOf(store).Serialize();
  eventstore::SideTable& table = *store.Table(kCheckpointTable);
  BOOST_REQUIRE(table.Put(kCheckpointKey, old_record).ok());
  BOOST_TEST(Load(store).ignored_reason ==
             "checkpoint of format 1, this build writes 2");
  BOOST_REQUIRE(WriteCheckpoint(store, ViewsOf(store)).ok());
  BOOST_TEST(Load(store).views.has_value());
}

BOOST_AUTO_TEST_CASE(DropRemovesTheHeaderAndEveryChunk) {
  test::MemoryEventStore store;
  AppendLife(store, "acme", 5);
  BOOST_REQUIRE(
      WriteCheckpoint(store, ViewsOf(store), {.chunk_bytes = 64}).ok());
  BOOST_REQUIRE(DropCheckpoint(store).ok());
  BOOST_TEST(ChunkKeys(store).empty());
  LoadedCheckpoint loaded = Load(store);
  BOOST_TEST(!loaded.views.has_value());
  BOOST_TEST(loaded.ignored_reason.empty());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail::projections
