// RocksEventStore::VerifyChecksums: every live SST file, one at a time,
// through rocksdb::VerifySstFileChecksum (each block read and its checksum
// checked), so that a damaged block is found even where no read has gone
// yet, with the name of its file.
#include <rocksdb/convenience.h>
#include <rocksdb/metadata.h>

#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

#include "eventstore/rocks_event_store.h"
#include "eventstore/rocks_status.h"

namespace keytrail::eventstore {

Status RocksEventStore::VerifyChecksums(const std::atomic<bool>& stop) {
  std::vector<rocksdb::LiveFileMetaData> files;
  db_->db()->GetLiveFilesMetaData(&files);
  const rocksdb::Options options(db_->db()->GetDBOptions(),
                                 rocksdb::ColumnFamilyOptions());
  rocksdb::ReadOptions read;
  read.fill_cache = false;  // a one-off scan: keep the cache for requests
  for (const rocksdb::LiveFileMetaData& file : files) {
    if (stop.load()) return OkStatus();
    const std::string path = file.db_path + file.name;
    rocksdb::Status status = rocksdb::VerifySstFileChecksum(
        options, rocksdb::EnvOptions(), read, path);
    if (status.IsCorruption()) {
      return Error::Make(ErrorCode::kCorruption, "damaged block in " + path +
                                                     " (column family " +
                                                     file.column_family_name +
                                                     "): " + status.ToString());
    }
    if (!status.ok()) {
      std::error_code ec;
      if (!std::filesystem::exists(path, ec)) continue;  // compacted away
      return StatusFromRocks(status, "verifying " + path);
    }
  }
  return OkStatus();
}

}  // namespace keytrail::eventstore
