#include "eventstore/rocks_tuning.h"

#include <algorithm>
#include <cstring>
#include <memory>
#include <string_view>
#include <vector>

#include "eventstore/event_store_format.h"
#include "eventstore/merkle_format.h"
#include "rocksdb/cache.h"
#include "rocksdb/convenience.h"
#include "rocksdb/filter_policy.h"
#include "rocksdb/slice_transform.h"
#include "rocksdb/table.h"

namespace keytrail::eventstore {
namespace {

// stream_index keys are `stream 0x00 BE64(version)`; every read of that
// family is a scan of one stream, so the prefix `stream 0x00` is what the
// bloom filters index. The name is stored in SST properties: keep it stable.
class StreamPrefixTransform : public rocksdb::SliceTransform {
 public:
  const char* Name() const override { return "keytrail.StreamPrefix.v1"; }

  rocksdb::Slice Transform(const rocksdb::Slice& key) const override {
    const void* end = std::memchr(key.data(), kStreamSeparator, key.size());
    const size_t length =
        static_cast<const char*>(end) - key.data() + 1;  // keep the separator
    return rocksdb::Slice(key.data(), length);
  }

  bool InDomain(const rocksdb::Slice& key) const override {
    return std::memchr(key.data(), kStreamSeparator, key.size()) != nullptr;
  }
};

// LZ4 when this RocksDB build has it (Debian's does), else RocksDB's default.
rocksdb::CompressionType PreferLz4() {
  const std::vector<rocksdb::CompressionType> supported =
      rocksdb::GetSupportedCompressions();
  const bool has_lz4 = std::find(supported.begin(), supported.end(),
                                 rocksdb::kLZ4Compression) != supported.end();
  return has_lz4 ? rocksdb::kLZ4Compression
                 : rocksdb::ColumnFamilyOptions().compression;
}

// One block cache for every family, so a busy family can use the memory an
// idle one does not.
std::shared_ptr<rocksdb::Cache> SharedBlockCache() {
  static const std::shared_ptr<rocksdb::Cache> cache =
      rocksdb::NewLRUCache(128 << 20);
  return cache;
}

rocksdb::BlockBasedTableOptions TableOptions(bool bloom) {
  rocksdb::BlockBasedTableOptions table;
  table.block_cache = SharedBlockCache();
  // Index and filter blocks compete in the cache instead of growing without
  // bound with the log; pinning L0's keeps the hot ones resident.
  table.cache_index_and_filter_blocks = true;
  table.pin_l0_filter_and_index_blocks_in_cache = true;
  table.format_version = 5;
  if (bloom) table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  return table;
}

}  // namespace

rocksdb::DBOptions StoreDbOptions() {
  rocksdb::DBOptions options;
  // Checksums are verified on every read and at open: corruption is reported
  // (kCorruption) instead of being served.
  options.paranoid_checks = true;
  // A killed process or a torn last WAL record loses at most the unsynced
  // tail, never anything after a hole; acknowledged (synced) writes stay.
  options.wal_recovery_mode = rocksdb::WALRecoveryMode::kPointInTimeRecovery;
  // Two cores: one flush and one compaction at a time is plenty for a log.
  options.max_background_jobs = 2;
  // Write SSTs back to disk in 1 MiB steps instead of one burst at close,
  // which would stall the WAL fsyncs of the group commit.
  options.bytes_per_sync = 1 << 20;
  options.keep_log_file_num = 5;
  // All memtables together hold at most this much; past it the largest is
  // flushed. Without a cap, the write buffers of the ten families could
  // grow to about 400 MB under usage load.
  options.db_write_buffer_size = 128 << 20;
  return options;
}

rocksdb::ColumnFamilyOptions StoreColumnFamilyOptions(const std::string& name) {
  rocksdb::ColumnFamilyOptions options;
  // Few, large levels sized from the bottom: the least space amplification
  // for data that is only ever added.
  options.level_compaction_dynamic_level_bytes = true;
  const std::string_view family = name;
  if (family == kEventsColumnFamily) {
    // Keys arrive in increasing seq order, so flushed files never overlap and
    // compaction mostly moves files down without rewriting them. A large
    // write buffer means fewer, larger files. No bloom: reads are scans or
    // point gets of keys that exist. Scans dominate, so larger blocks and
    // LZ4 (faster to decompress than Snappy at a similar ratio): in
    // bench_eventstore-like scans this alone about doubled events/s read.
    options.write_buffer_size = 64 << 20;
    options.compression = PreferLz4();
    rocksdb::BlockBasedTableOptions table = TableOptions(false);
    table.block_size = 16 << 10;
    options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  } else if (family == kStreamIndexColumnFamily) {
    // Per-stream prefix blooms: ReadStream() of a stream skips every file
    // that holds none of its entries.
    options.write_buffer_size = 32 << 20;
    options.prefix_extractor = std::make_shared<StreamPrefixTransform>();
    options.memtable_prefix_bloom_size_ratio = 0.05;
    options.table_factory.reset(
        rocksdb::NewBlockBasedTableFactory(TableOptions(true)));
  } else if (family == kEventIdsColumnFamily ||
             family == kStreamHeadsColumnFamily) {
    // Every append probes event_ids for ids that are (nearly always) absent,
    // and stream_heads on a head-cache miss: whole-key blooms in files and
    // memtable answer "absent" without reading a data block.
    options.write_buffer_size = 32 << 20;
    options.memtable_whole_key_filtering = true;
    options.memtable_prefix_bloom_size_ratio = 0.05;
    options.table_factory.reset(
        rocksdb::NewBlockBasedTableFactory(TableOptions(true)));
  } else if (family == kTreeColumnFamily) {
    // Two 32-byte hashes per event, written in index order per level and
    // read a few dozen at a time for a proof: hashes do not compress, and
    // every key read exists, so no compression and no bloom.
    options.write_buffer_size = 32 << 20;
    options.compression = rocksdb::kNoCompression;
    // Each level's keys arrive in order: the memtable inserts each after the
    // last one of its level (the level byte is the hint's prefix) instead of
    // searching the skip list from the top.
    options.memtable_insert_with_hint_prefix_extractor.reset(
        rocksdb::NewFixedPrefixTransform(1));
    options.table_factory.reset(
        rocksdb::NewBlockBasedTableFactory(TableOptions(false)));
  } else if (family.starts_with(kSideTablePrefix)) {
    options.write_buffer_size = 16 << 20;
    options.table_factory.reset(
        rocksdb::NewBlockBasedTableFactory(TableOptions(true)));
  } else {
    // meta and RocksDB's default family hold a handful of keys.
    options.write_buffer_size = 1 << 20;
  }
  return options;
}

}  // namespace keytrail::eventstore
