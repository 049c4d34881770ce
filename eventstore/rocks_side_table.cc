#include "eventstore/rocks_side_table.h"

#include <memory>

#include "eventstore/rocks_status.h"
#include "rocksdb/write_batch.h"

namespace keytrail::eventstore {

RocksSideTable::RocksSideTable(rocksdb::DB* db,
                               rocksdb::ColumnFamilyHandle* family,
                               std::string name, bool sync)
    : db_(db), family_(family), name_(std::move(name)), sync_(sync) {}

RocksSideTable::RocksSideTable(std::string name, Error error)
    : name_(std::move(name)), broken_(std::move(error)) {}

rocksdb::WriteOptions RocksSideTable::WriteOptions() const {
  rocksdb::WriteOptions options;
  options.sync = sync_;
  return options;
}

Status RocksSideTable::Put(const std::string& key, const std::string& value) {
  if (broken_) return *broken_;
  return StatusFromRocks(db_->Put(WriteOptions(), family_, key, value),
                         "side table " + name_ + ": put");
}

Status RocksSideTable::Delete(const std::string& key) {
  if (broken_) return *broken_;
  return StatusFromRocks(db_->Delete(WriteOptions(), family_, key),
                         "side table " + name_ + ": delete");
}

Result<std::optional<std::string>> RocksSideTable::Get(const std::string& key) {
  if (broken_) return *broken_;
  std::string value;
  rocksdb::Status status =
      db_->Get(rocksdb::ReadOptions(), family_, key, &value);
  if (status.IsNotFound()) return std::optional<std::string>();
  if (!status.ok())
    return ErrorFromRocks(status, "side table " + name_ + ": get");
  return std::optional<std::string>(std::move(value));
}

Status RocksSideTable::Scan(
    const std::string& from, const std::string& to,
    const std::function<bool(const std::string&, const std::string&)>& visit) {
  if (broken_) return *broken_;
  rocksdb::ReadOptions options;
  rocksdb::Slice upper(to);
  if (!to.empty()) options.iterate_upper_bound = &upper;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(options, family_));
  for (it->Seek(from); it->Valid(); it->Next()) {
    if (!visit(it->key().ToString(), it->value().ToString())) break;
  }
  return StatusFromRocks(it->status(), "side table " + name_ + ": scan");
}

Status RocksSideTable::Write(
    const std::vector<std::pair<std::string, std::optional<std::string>>>&
        changes) {
  if (broken_) return *broken_;
  rocksdb::WriteBatch batch;
  rocksdb::Status status;
  for (const auto& [key, value] : changes) {
    if (!status.ok()) break;
    status =
        value ? batch.Put(family_, key, *value) : batch.Delete(family_, key);
  }
  if (status.ok()) status = db_->Write(WriteOptions(), &batch);
  return StatusFromRocks(status, "side table " + name_ + ": write");
}

}  // namespace keytrail::eventstore
