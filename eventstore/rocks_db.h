// RocksDb: the open RocksDB database of one keytrail store and its column
// families (layout: event_store_format.h). Open() is where the store's
// safety rules live: it creates a store only in a missing or empty
// directory, refuses anything that is not a keytrail store of a format this
// build reads, and never overwrites.
//
// Thread safety: all methods may be called concurrently. Handles returned
// stay valid until the RocksDb is destroyed.
#ifndef KEYTRAIL_EVENTSTORE_ROCKS_DB_H_
#define KEYTRAIL_EVENTSTORE_ROCKS_DB_H_

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "base/result.h"
#include "eventstore/event_store.h"
#include "rocksdb/db.h"

namespace keytrail::eventstore {

class RocksDb {
 public:
  // Opens the store at `path`, creating it if it is missing or an empty
  // directory and options.create_if_missing. Errors:
  //   kNotFound     no store and create_if_missing is false
  //   kInvalid      not a directory; a non-empty directory that is not a
  //                 RocksDB database; a RocksDB database without keytrail's
  //                 meta; a newer format version
  //   kCorruption   RocksDB found corruption, or keytrail's layout is broken
  //   kUnavailable  another process (or handle) holds the store's LOCK
  //   kIoError      anything else RocksDB or the file system reported
  static Result<std::unique_ptr<RocksDb>> Open(const EventStoreOptions& options,
                                               const std::string& path);

  RocksDb(const RocksDb&) = delete;
  RocksDb& operator=(const RocksDb&) = delete;
  // Releases the column family handles and closes the database.
  ~RocksDb();

  rocksdb::DB* db() const { return db_.get(); }
  rocksdb::ColumnFamilyHandle* events() const { return events_; }
  rocksdb::ColumnFamilyHandle* stream_index() const { return stream_index_; }
  rocksdb::ColumnFamilyHandle* stream_heads() const { return stream_heads_; }
  rocksdb::ColumnFamilyHandle* event_ids() const { return event_ids_; }
  rocksdb::ColumnFamilyHandle* meta() const { return meta_; }
  // The log's Merkle tree (merkle_format.h).
  rocksdb::ColumnFamilyHandle* tree() const { return tree_; }
  const std::string& path() const { return path_; }

  // The column family of side table `name`, created on first use.
  Result<rocksdb::ColumnFamilyHandle*> SideColumnFamily(
      const std::string& name);

  // The highest seq in `events` (0 when empty). Reads RocksDB, not the
  // published head: for the writer at open and after a failed write.
  Result<uint64_t> LastStoredSeq() const;

 private:
  RocksDb(std::string path, std::unique_ptr<rocksdb::DB> db,
          const std::vector<rocksdb::ColumnFamilyHandle*>& handles);
  static Result<std::unique_ptr<RocksDb>> Create(const std::string& path);
  static Result<std::unique_ptr<RocksDb>> OpenExisting(const std::string& path);
  // DB::Open of exactly the column families `names`.
  static Result<std::unique_ptr<RocksDb>> OpenFamilies(
      const rocksdb::DBOptions& db_options, const std::string& path,
      const std::vector<std::string>& names);
  Status CheckOrFinishMeta();
  Status WriteMeta();

  const std::string path_;
  std::unique_ptr<rocksdb::DB> db_;
  rocksdb::ColumnFamilyHandle* events_ = nullptr;
  rocksdb::ColumnFamilyHandle* stream_index_ = nullptr;
  rocksdb::ColumnFamilyHandle* stream_heads_ = nullptr;
  rocksdb::ColumnFamilyHandle* event_ids_ = nullptr;
  rocksdb::ColumnFamilyHandle* meta_ = nullptr;
  rocksdb::ColumnFamilyHandle* tree_ = nullptr;

  mutable std::mutex mu_;
  // Every handle by column family name, including side tables (guarded by
  // mu_ once the constructor returns).
  std::map<std::string, rocksdb::ColumnFamilyHandle*> handles_;
};

}  // namespace keytrail::eventstore

#endif  // KEYTRAIL_EVENTSTORE_ROCKS_DB_H_
