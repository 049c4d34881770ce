// RocksSideTable: a SideTable (event_store.h) stored in the column family
// "side:<name>" of the store's database. Writes are synced when the store's
// durability is kSync. An erasable table (SideTableWrites::kErasable)
// writes past the WAL and flushes its column family after each write, and
// compacts the deleted keys' range after each delete, so that RocksDB
// removes the files that held the old values.
//
// A table whose column family could not be created answers every call with
// that error. Thread safety: every method may be called concurrently.
#ifndef KEYTRAIL_EVENTSTORE_ROCKS_SIDE_TABLE_H_
#define KEYTRAIL_EVENTSTORE_ROCKS_SIDE_TABLE_H_

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "eventstore/event_store.h"
#include "rocksdb/db.h"

namespace keytrail::eventstore {

class RocksSideTable final : public SideTable {
 public:
  // `db` and `family` must outlive the table.
  RocksSideTable(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* family,
                 std::string name, bool sync, bool erasable = false);
  // A table that fails every call with `error`.
  RocksSideTable(std::string name, Error error);

  Status Put(const std::string& key, const std::string& value) override;
  Status Delete(const std::string& key) override;
  Result<std::optional<std::string>> Get(const std::string& key) override;
  Status Scan(const std::string& from, const std::string& to,
              const std::function<bool(const std::string&, const std::string&)>&
                  visit) override;
  Status Write(
      const std::vector<std::pair<std::string, std::optional<std::string>>>&
          changes) override;

 private:
  rocksdb::WriteOptions WriteOptions() const;
  // For an erasable table: flushes the column family, then compacts
  // [first, last] (nothing when `first` is empty) down to the last level.
  rocksdb::Status Settle(const std::string& first, const std::string& last);

  rocksdb::DB* const db_ = nullptr;
  rocksdb::ColumnFamilyHandle* const family_ = nullptr;
  const std::string name_;
  const bool sync_ = true;
  const bool erasable_ = false;
  const std::optional<Error> broken_;
};

}  // namespace keytrail::eventstore

#endif  // KEYTRAIL_EVENTSTORE_ROCKS_SIDE_TABLE_H_
