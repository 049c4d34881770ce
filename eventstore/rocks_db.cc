// Opening a store: where a directory is judged to be a keytrail store, a
// foreign one, or a place where a new store may be created.
#include "eventstore/rocks_db.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <system_error>

#include "eventstore/event_store_format.h"
#include "eventstore/merkle_format.h"
#include "eventstore/rocks_status.h"
#include "eventstore/rocks_tuning.h"
#include "rocksdb/write_batch.h"

namespace keytrail::eventstore {
namespace {

namespace fs = std::filesystem;

// The families every store has, beside RocksDB's own "default".
const std::vector<std::string>& BaseFamilies() {
  static const std::vector<std::string> families = {
      std::string(kEventsColumnFamily),
      std::string(kStreamIndexColumnFamily),
      std::string(kStreamHeadsColumnFamily),
      std::string(kEventIdsColumnFamily),
      std::string(kMetaColumnFamily),
      std::string(kTreeColumnFamily)};
  return families;
}

std::vector<rocksdb::ColumnFamilyDescriptor> Descriptors(
    const std::vector<std::string>& names) {
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (const std::string& name : names) {
    descriptors.emplace_back(name, StoreColumnFamilyOptions(name));
  }
  return descriptors;
}

bool Contains(const std::vector<std::string>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

Error OpenError(const rocksdb::Status& status, const std::string& path) {
  Error error = ErrorFromRocks(status, "opening " + path);
  if (error.code == ErrorCode::kUnavailable) {
    error.message = "the store at " + path +
                    " is in use by another process (its LOCK is held): " +
                    status.ToString();
  } else if (error.code == ErrorCode::kCorruption) {
    error.message = "the store at " + path + " is corrupt (" +
                    status.ToString() +
                    "); refusing to open it; restore it from a backup";
  }
  return error;
}

enum class DirState { kMissing, kEmpty, kRocksDb };

Result<DirState> InspectDirectory(const std::string& path) {
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (!fs::exists(status)) return DirState::kMissing;
  if (!fs::is_directory(status)) {
    return Error::Make(ErrorCode::kInvalid,
                       path + " is not a directory; not a keytrail store");
  }
  if (fs::exists(fs::path(path) / "CURRENT", ec)) return DirState::kRocksDb;
  if (fs::is_empty(path, ec) && !ec) return DirState::kEmpty;
  return Error::Make(ErrorCode::kInvalid,
                     path +
                         " is not empty and holds no RocksDB database; it is "
                         "not a keytrail store and will not be touched");
}

}  // namespace

Result<std::unique_ptr<RocksDb>> RocksDb::Open(const EventStoreOptions& options,
                                               const std::string& path) {
  Result<DirState> state = InspectDirectory(path);
  if (!state.ok()) return state.error();
  if (*state == DirState::kRocksDb) return OpenExisting(path);
  if (!options.create_if_missing) {
    return Error::Make(
        ErrorCode::kNotFound,
        "no keytrail store at " + path + " (and create_if_missing is off)");
  }
  std::error_code ec;
  fs::create_directories(path, ec);
  if (ec) {
    return Error::Make(ErrorCode::kIoError,
                       "creating " + path + ": " + ec.message());
  }
  return Create(path);
}

Result<std::unique_ptr<RocksDb>> RocksDb::Create(const std::string& path) {
  rocksdb::DBOptions db_options = StoreDbOptions();
  db_options.create_if_missing = true;
  db_options.error_if_exists = true;  // never adopt what someone else made
  db_options.create_missing_column_families = true;
  std::vector<std::string> names = BaseFamilies();
  names.emplace_back(rocksdb::kDefaultColumnFamilyName);
  Result<std::unique_ptr<RocksDb>> store =
      OpenFamilies(db_options, path, names);
  if (!store.ok()) return store;
  Status written = (*store)->WriteMeta();
  if (!written.ok()) return written.error();
  return store;
}

Result<std::unique_ptr<RocksDb>> RocksDb::OpenExisting(
    const std::string& path) {
  rocksdb::DBOptions db_options = StoreDbOptions();
  std::vector<std::string> names;
  rocksdb::Status status =
      rocksdb::DB::ListColumnFamilies(db_options, path, &names);
  if (!status.ok()) return OpenError(status, path);
  if (!Contains(names, kMetaColumnFamily)) {
    return Error::Make(ErrorCode::kInvalid,
                       path +
                           " is a RocksDB database without keytrail's meta "
                           "column family; it is not a keytrail store and "
                           "will not be touched");
  }
  if (!Contains(names, kTreeColumnFamily)) {
    // A store made before the audit tree existed: the family is added
    // empty, and the store fills it from the log (MerkleTree::OpenFrontier).
    names.emplace_back(kTreeColumnFamily);
    db_options.create_missing_column_families = true;
  }
  for (const std::string& base : BaseFamilies()) {
    if (!Contains(names, base)) {
      return Error::Make(ErrorCode::kCorruption,
                         "the store at " + path + " lacks its column family " +
                             base + "; refusing to open it");
    }
  }
  Result<std::unique_ptr<RocksDb>> store =
      OpenFamilies(db_options, path, names);
  if (!store.ok()) return store;
  Status checked = (*store)->CheckOrFinishMeta();
  if (!checked.ok()) return checked.error();
  return store;
}

Result<std::unique_ptr<RocksDb>> RocksDb::OpenFamilies(
    const rocksdb::DBOptions& db_options, const std::string& path,
    const std::vector<std::string>& names) {
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  rocksdb::Status status =
      rocksdb::DB::Open(db_options, path, Descriptors(names), &handles, &raw);
  if (!status.ok()) return OpenError(status, path);
  return std::unique_ptr<RocksDb>(
      new RocksDb(path, std::unique_ptr<rocksdb::DB>(raw), handles));
}

RocksDb::RocksDb(std::string path, std::unique_ptr<rocksdb::DB> db,
                 const std::vector<rocksdb::ColumnFamilyHandle*>& handles)
    : path_(std::move(path)), db_(std::move(db)) {
  for (rocksdb::ColumnFamilyHandle* handle : handles) {
    handles_[handle->GetName()] = handle;
  }
  events_ = handles_.at(std::string(kEventsColumnFamily));
  stream_index_ = handles_.at(std::string(kStreamIndexColumnFamily));
  stream_heads_ = handles_.at(std::string(kStreamHeadsColumnFamily));
  event_ids_ = handles_.at(std::string(kEventIdsColumnFamily));
  meta_ = handles_.at(std::string(kMetaColumnFamily));
  tree_ = handles_.at(std::string(kTreeColumnFamily));
}

RocksDb::~RocksDb() {
  for (auto& [name, handle] : handles_) {
    db_->DestroyColumnFamilyHandle(handle).PermitUncheckedError();
  }
  // Close() flushes nothing we need (the WAL holds every write) but reports
  // background errors; there is no one left to report them to.
  db_->Close().PermitUncheckedError();
}

Status RocksDb::WriteMeta() {
  std::string version;
  PutBigEndian64(version, kFormatVersion);
  std::string created_at;
  PutBigEndian64(created_at,
                 std::chrono::duration_cast<std::chrono::microseconds>(
                     std::chrono::system_clock::now().time_since_epoch())
                     .count());
  rocksdb::WriteBatch batch;
  rocksdb::Status status = batch.Put(meta_, kMetaFormatVersion, version);
  if (status.ok()) status = batch.Put(meta_, kMetaStoreId, NewEventId());
  if (status.ok()) status = batch.Put(meta_, kMetaCreatedAt, created_at);
  rocksdb::WriteOptions write_options;
  write_options.sync = true;
  if (status.ok()) status = db_->Write(write_options, &batch);
  return StatusFromRocks(status, "writing the meta of " + path_);
}

// A store with no format version is either a creation that was interrupted
// between RocksDB's open and WriteMeta() (nothing else was written: finish
// it) or something we do not understand (refuse).
Status RocksDb::CheckOrFinishMeta() {
  std::string value;
  rocksdb::Status status =
      db_->Get(rocksdb::ReadOptions(), meta_, kMetaFormatVersion, &value);
  if (status.IsNotFound()) {
    Result<uint64_t> last = LastStoredSeq();
    if (!last.ok()) return last.error();
    std::unique_ptr<rocksdb::Iterator> meta(
        db_->NewIterator(rocksdb::ReadOptions(), meta_));
    meta->SeekToFirst();
    if (!meta->status().ok()) return OpenError(meta->status(), path_);
    if (*last != 0 || meta->Valid()) {
      return Error::Make(ErrorCode::kCorruption,
                         "the store at " + path_ +
                             " holds data but no format version; refusing "
                             "to open it");
    }
    return WriteMeta();
  }
  if (!status.ok()) return OpenError(status, path_);
  if (value.size() != 8 || GetBigEndian64(value.data()) == 0) {
    return Error::Make(ErrorCode::kCorruption,
                       "the store at " + path_ +
                           " has a malformed format version; refusing to "
                           "open it");
  }
  const uint64_t version = GetBigEndian64(value.data());
  if (version > kFormatVersion) {
    return Error::Make(ErrorCode::kInvalid,
                       "the store at " + path_ + " has format version " +
                           std::to_string(version) +
                           ", newer than this keytrail reads (" +
                           std::to_string(kFormatVersion) +
                           "); refusing to open it: upgrade keytrail");
  }
  return OkStatus();
}

Result<rocksdb::ColumnFamilyHandle*> RocksDb::SideColumnFamily(
    const std::string& name) {
  if (name.empty()) {
    return Error::Make(ErrorCode::kInvalid, "a side table needs a name");
  }
  const std::string family = std::string(kSideTablePrefix) + name;
  std::lock_guard<std::mutex> lock(mu_);
  auto it = handles_.find(family);
  if (it != handles_.end()) return it->second;
  rocksdb::ColumnFamilyHandle* handle = nullptr;
  rocksdb::Status status = db_->CreateColumnFamily(
      StoreColumnFamilyOptions(family), family, &handle);
  if (!status.ok()) {
    return ErrorFromRocks(status, "creating side table " + name);
  }
  handles_[family] = handle;
  return handle;
}

Result<uint64_t> RocksDb::LastStoredSeq() const {
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(rocksdb::ReadOptions(), events_));
  it->SeekToLast();
  if (!it->status().ok()) {
    return ErrorFromRocks(it->status(), "reading the last event");
  }
  if (!it->Valid()) return uint64_t{0};
  if (it->key().size() != 8) {
    return Error::Make(ErrorCode::kCorruption,
                       "the store at " + path_ + " has a malformed event key");
  }
  return GetBigEndian64(it->key().data());
}

}  // namespace keytrail::eventstore
