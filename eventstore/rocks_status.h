// Maps a rocksdb::Status to keytrail's Error, so that no RocksDB type
// crosses the EventStore interface. One mapping for the whole folder.
#ifndef KEYTRAIL_EVENTSTORE_ROCKS_STATUS_H_
#define KEYTRAIL_EVENTSTORE_ROCKS_STATUS_H_

#include <string_view>

#include "base/result.h"
#include "rocksdb/status.h"

namespace keytrail::eventstore {

// `what` says what was being done ("append", "read seq 12"); the message is
// "<what>: <rocksdb message>". Corruption -> kCorruption; a held LOCK ->
// kUnavailable; busy/timeouts -> kUnavailable; not found -> kNotFound;
// invalid argument -> kInvalid; everything else -> kIoError.
Error ErrorFromRocks(const rocksdb::Status& status, std::string_view what);

// OkStatus() when `status` is ok, else ErrorFromRocks(status, what).
Status StatusFromRocks(const rocksdb::Status& status, std::string_view what);

}  // namespace keytrail::eventstore

#endif  // KEYTRAIL_EVENTSTORE_ROCKS_STATUS_H_
