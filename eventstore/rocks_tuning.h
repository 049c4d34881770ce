// RocksDB options for a keytrail store, chosen for an append-only log with a
// few point-lookup indexes. The reasons are in rocks_tuning.cc; the layout
// itself is in event_store_format.h.
#ifndef KEYTRAIL_EVENTSTORE_ROCKS_TUNING_H_
#define KEYTRAIL_EVENTSTORE_ROCKS_TUNING_H_

#include <string>

#include "rocksdb/options.h"

namespace keytrail::eventstore {

// Database-wide options. Never creates anything: Open decides that.
rocksdb::DBOptions StoreDbOptions();

// Options of the column family `name` (a base family, "side:<name>" or
// RocksDB's "default").
rocksdb::ColumnFamilyOptions StoreColumnFamilyOptions(const std::string& name);

}  // namespace keytrail::eventstore

#endif  // KEYTRAIL_EVENTSTORE_ROCKS_TUNING_H_
