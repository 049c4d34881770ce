#include "eventstore/rocks_side_table.h"

#include <memory>

#include "eventstore/rocks_status.h"
#include "rocksdb/write_batch.h"

namespace keytrail::eventstore {

RocksSideTable::RocksSideTable(rocksdb::DB* db,
                               rocksdb::ColumnFamilyHandle* family,
                               std::string name, bool sync, bool erasable)
    : db_(db),
      family_(family),
      name_(std::move(name)),
      sync_(sync && !erasable),
      erasable_(erasable) {}

RocksSideTable::RocksSideTable(std::string name, Error error)
    : name_(std::move(name)), broken_(std::move(error)) {}

rocksdb::WriteOptions RocksSideTable::WriteOptions() const {
  rocksdb::WriteOptions options;
  options.sync = sync_;
  options.disableWAL = erasable_;
  return options;
}

rocksdb::Status RocksSideTable::Settle(const std::string& first,
                                       const std::string& last) {
  if (!erasable_) return rocksdb::Status::OK();
  rocksdb::FlushOptions flush;
  flush.wait = true;
  // This small table's flush never waits for the log's write stalls, and
  // its compaction runs beside the log's instead of waiting for them.
  flush.allow_write_stall = true;
  rocksdb::Status status = db_->Flush(flush, family_);
  if (!status.ok() || first.empty()) return status;
  rocksdb::CompactRangeOptions compact;
  compact.exclusive_manual_compaction = false;
  compact.bottommost_level_compaction =
      rocksdb::BottommostLevelCompaction::kForce;
  const rocksdb::Slice begin(first);
  const rocksdb::Slice end(last);
  return db_->CompactRange(compact, family_, &begin, &end);
}

Status RocksSideTable::Put(const std::string& key, const std::string& value) {
  if (broken_) return *broken_;
  // An erasable table erases the value it overwrites too.
  bool overwrites = false;
  if (erasable_) {
    std::string old;
    overwrites = db_->Get(rocksdb::ReadOptions(), family_, key, &old).ok();
  }
  rocksdb::Status status = db_->Put(WriteOptions(), family_, key, value);
  if (status.ok()) status = Settle(overwrites ? key : "", key);
  return StatusFromRocks(status, "side table " + name_ + ": put");
}

Status RocksSideTable::Delete(const std::string& key) {
  if (broken_) return *broken_;
  // An erasable table has work to do only when the key holds a value.
  if (erasable_) {
    std::string old;
    rocksdb::Status found =
        db_->Get(rocksdb::ReadOptions(), family_, key, &old);
    if (found.IsNotFound()) return OkStatus();
  }
  rocksdb::Status status = db_->Delete(WriteOptions(), family_, key);
  if (status.ok()) status = Settle(key, key);
  return StatusFromRocks(status, "side table " + name_ + ": delete");
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
  std::string first, last;  // the range of the keys written
  for (const auto& [key, value] : changes) {
    if (!status.ok()) break;
    status =
        value ? batch.Put(family_, key, *value) : batch.Delete(family_, key);
    if (first.empty() || key < first) first = key;
    if (key > last) last = key;
  }
  if (status.ok()) status = db_->Write(WriteOptions(), &batch);
  if (status.ok()) status = Settle(first, last);
  return StatusFromRocks(status, "side table " + name_ + ": write");
}

}  // namespace keytrail::eventstore
