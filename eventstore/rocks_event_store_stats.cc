// RocksEventStore::Stats(): the writer's counters and a few RocksDB
// properties, summed over every column family.
#include "eventstore/rocks_event_store.h"
#include "rocksdb/db.h"

namespace keytrail::eventstore {

namespace {

uint64_t AggregatedProperty(rocksdb::DB* db, const std::string& name) {
  uint64_t value = 0;
  if (!db->GetAggregatedIntProperty(name, &value)) return 0;
  return value;
}

}  // namespace

StoreStats RocksEventStore::Stats() {
  StoreStats stats;
  stats.events_appended = writer_->events_appended();
  stats.batch_events = writer_->batch_events().Snapshot();
  stats.write_seconds = writer_->write_seconds().Snapshot();
  rocksdb::DB* db = db_->db();
  stats.sst_bytes =
      AggregatedProperty(db, rocksdb::DB::Properties::kTotalSstFilesSize);
  stats.memtable_bytes =
      AggregatedProperty(db, rocksdb::DB::Properties::kCurSizeAllMemTables);
  stats.pending_compaction_bytes = AggregatedProperty(
      db, rocksdb::DB::Properties::kEstimatePendingCompactionBytes);
  return stats;
}

}  // namespace keytrail::eventstore
