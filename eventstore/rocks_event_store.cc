// RocksEventStore: construction, teardown, appends, subscriptions, backup and
// side tables. Reads are in rocks_event_store_read.cc.
#include "eventstore/rocks_event_store.h"

#include <filesystem>
#include <system_error>

#include "eventstore/postgres/pg_connection.h"
#include "eventstore/postgres/pg_event_store.h"
#include "eventstore/rocks_status.h"
#include "eventstore/rocks_subscription.h"
#include "rocksdb/utilities/checkpoint.h"

namespace keytrail::eventstore {

Result<std::unique_ptr<EventStore>> EventStore::Open(
    const EventStoreOptions& options, const std::string& path) {
  if (IsPostgresLocation(path)) return PgEventStore::Open(options, path);
  return RocksEventStore::Open(options, path);
}

Result<std::unique_ptr<EventStore>> RocksEventStore::Open(
    const EventStoreOptions& options, const std::string& path) {
  Result<std::unique_ptr<RocksDb>> db = RocksDb::Open(options, path);
  if (!db.ok()) return db.error();
  Result<uint64_t> last_seq = (*db)->LastStoredSeq();
  if (!last_seq.ok()) return last_seq.error();
  TreeFrontier tree;
  if (options.tamper_evidence) {
    Result<TreeFrontier> opened = MerkleTree(db->get()).OpenFrontier(
        *last_seq, options.durability == Durability::kSync);
    if (!opened.ok()) return opened.error();
    tree = std::move(*opened);
  }
  return std::unique_ptr<EventStore>(
      new RocksEventStore(options, std::move(*db), *last_seq, std::move(tree)));
}

RocksEventStore::RocksEventStore(const EventStoreOptions& options,
                                 std::unique_ptr<RocksDb> db, uint64_t last_seq,
                                 TreeFrontier tree)
    : options_(options),
      db_(std::move(db)),
      head_(std::make_shared<PublishedHead>(last_seq)),
      tree_(db_.get()),
      writer_(std::make_unique<AppendWriter>(options_, db_.get(), head_.get(),
                                             last_seq, std::move(tree))) {}

RocksEventStore::~RocksEventStore() {
  writer_.reset();  // completes every queued append
  head_->Close();   // stops every subscription thread
  tables_.clear();
  db_.reset();
}

Result<AppendResult> RocksEventStore::Append(const std::string& stream,
                                             ExpectedVersion expected,
                                             std::vector<NewEvent> events) {
  return writer_->Append(stream, expected, std::move(events));
}

std::vector<Result<AppendResult>> RocksEventStore::AppendEach(
    std::vector<StreamAppend> appends) {
  return writer_->AppendEach(std::move(appends));
}

uint64_t RocksEventStore::HeadSeq() const { return head_->Get(); }

std::unique_ptr<Subscription> RocksEventStore::Subscribe(
    uint64_t after_seq, EventCallback callback) {
  return std::make_unique<RocksSubscription>(this, head_, after_seq,
                                             std::move(callback));
}

Status RocksEventStore::Backup(const std::string& dir) {
  std::error_code ec;
  if (std::filesystem::exists(dir, ec)) {
    return Error::Make(ErrorCode::kInvalid,
                       "the backup target " + dir + " already exists");
  }
  rocksdb::Checkpoint* raw = nullptr;
  rocksdb::Status status = rocksdb::Checkpoint::Create(db_->db(), &raw);
  std::unique_ptr<rocksdb::Checkpoint> checkpoint(raw);
  // log_size_for_flush = 0: flush first, so the copy is SST hard links plus
  // a short WAL; it is consistent (whole WriteBatches) either way.
  if (status.ok()) status = checkpoint->CreateCheckpoint(dir, 0);
  return StatusFromRocks(status, "backing up to " + dir);
}

SideTable* RocksEventStore::Table(const std::string& name,
                                  SideTableWrites writes) {
  std::lock_guard<std::mutex> lock(tables_mu_);
  std::unique_ptr<RocksSideTable>& table = tables_[name];
  if (table) return table.get();
  Result<rocksdb::ColumnFamilyHandle*> family = db_->SideColumnFamily(name);
  if (family.ok()) {
    table = std::make_unique<RocksSideTable>(
        db_->db(), *family, name,
        writes == SideTableWrites::kDurable &&
            options_.durability == Durability::kSync,
        writes == SideTableWrites::kErasable);
  } else {
    table = std::make_unique<RocksSideTable>(name, family.error());
  }
  return table.get();
}

}  // namespace keytrail::eventstore
