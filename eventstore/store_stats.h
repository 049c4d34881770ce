// StoreStats: what the store tells /metrics about itself.
#ifndef KEYTRAIL_EVENTSTORE_STORE_STATS_H_
#define KEYTRAIL_EVENTSTORE_STORE_STATS_H_

#include <cstdint>

#include "base/histogram.h"

namespace keytrail::eventstore {

// EventStore::Stats(). Zero where a store does not know (the in-memory
// test store knows nothing).
struct StoreStats {
  // Events appended since the store was opened.
  uint64_t events_appended = 0;
  // Events per WriteBatch (one group commit); empty bounds when unknown.
  HistogramSnapshot batch_events;
  // Seconds per WriteBatch write, the WAL fsync included under kSync.
  HistogramSnapshot write_seconds;
  // RocksDB, summed over every column family.
  uint64_t sst_bytes = 0;       // rocksdb.total-sst-files-size
  uint64_t memtable_bytes = 0;  // rocksdb.cur-size-all-mem-tables
  uint64_t pending_compaction_bytes =
      0;  // ...estimate-pending-compaction-bytes
};

}  // namespace keytrail::eventstore

#endif  // KEYTRAIL_EVENTSTORE_STORE_STATS_H_
