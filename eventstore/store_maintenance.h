// StoreMaintenance: what operators ask of a store beside the log itself:
// an online backup and the figures /metrics shows. One of the narrow
// interfaces an event store implements (event_store.h).
#ifndef KEYTRAIL_EVENTSTORE_STORE_MAINTENANCE_H_
#define KEYTRAIL_EVENTSTORE_STORE_MAINTENANCE_H_

#include <atomic>
#include <string>

#include "base/result.h"
#include "eventstore/store_stats.h"

namespace keytrail::eventstore {

class StoreMaintenance {
 public:
  virtual ~StoreMaintenance() = default;

  // Writes a consistent online copy of the whole store (log and side
  // tables) into `dir`, which must not exist. The copy opens as a store.
  virtual Status Backup(const std::string& dir) = 0;

  // Counters and sizes for /metrics (store_stats.h); cheap enough to call
  // on every scrape. The default knows nothing and returns zeros.
  virtual StoreStats Stats() { return {}; }

  // Reads every block of every table file of the store and checks its
  // checksum, one file after another, stopping early (OK) once `*stop` is
  // true. kCorruption naming the file when a block does not match; another
  // error when a file cannot be read. O(store size) reads: run it in the
  // background. Default: OK (a store without table files).
  virtual Status VerifyChecksums(const std::atomic<bool>& stop) {
    (void)stop;
    return OkStatus();
  }
};

}  // namespace keytrail::eventstore

#endif  // KEYTRAIL_EVENTSTORE_STORE_MAINTENANCE_H_
