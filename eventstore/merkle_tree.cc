// The tree column family (layout: merkle_format.h):
//   tree[level(1 byte) BE64(index)] = hash[32]
#include "eventstore/merkle_tree.h"

#include <memory>

#include "eventstore/event_store_format.h"
#include "eventstore/merkle_format.h"
#include "eventstore/record_codec.h"
#include "eventstore/rocks_status.h"

namespace keytrail::eventstore {
namespace {

// Events whose leaves CatchUp() writes in one WriteBatch.
constexpr uint64_t kCatchUpBatch = 16 * 1024;

std::string NodeName(int level, uint64_t index) {
  return "audit tree node (" + std::to_string(level) + ", " +
         std::to_string(index) + ")";
}

}  // namespace

Result<std::string> MerkleTree::Node(int level, uint64_t index) const {
  std::string value;
  rocksdb::Status status = db_->db()->Get(rocksdb::ReadOptions(), db_->tree(),
                                          TreeNodeKey(level, index), &value);
  if (status.IsNotFound()) {
    return Error::Make(ErrorCode::kCorruption,
                       "the " + NodeName(level, index) + " is missing");
  }
  if (!status.ok()) {
    return ErrorFromRocks(status, "reading the " + NodeName(level, index));
  }
  if (value.size() != kTreeHashSize) {
    return Error::Make(ErrorCode::kCorruption,
                       "the " + NodeName(level, index) + " is malformed");
  }
  return value;
}

NodeSource MerkleTree::Source() const {
  return [this](int level, uint64_t index) { return Node(level, index); };
}

Result<uint64_t> MerkleTree::StoredLeaves() const {
  const std::string upper_key = TreeLevelStart(1);
  const rocksdb::Slice upper(upper_key);
  rocksdb::ReadOptions options;
  options.iterate_upper_bound = &upper;
  std::unique_ptr<rocksdb::Iterator> it(
      db_->db()->NewIterator(options, db_->tree()));
  it->SeekToLast();
  if (!it->status().ok()) {
    return ErrorFromRocks(it->status(), "reading the audit tree's leaves");
  }
  if (!it->Valid()) return uint64_t{0};
  int level = 0;
  uint64_t index = 0;
  if (!ParseTreeNodeKey(it->key().ToStringView(), &level, &index) ||
      level != 0) {
    return Error::Make(ErrorCode::kCorruption, "malformed audit tree key");
  }
  return index + 1;
}

Result<TreeFrontier> MerkleTree::OpenFrontier(uint64_t last_seq, bool sync) {
  Result<uint64_t> leaves = StoredLeaves();
  if (!leaves.ok()) return leaves.error();
  if (*leaves > last_seq) {
    return Error::Make(
        ErrorCode::kCorruption,
        "the audit tree has " + std::to_string(*leaves) +
            " leaves but the log only " + std::to_string(last_seq) +
            " events: events were removed; refusing to open the store (run "
            "keytrail verify-store)");
  }
  Result<TreeFrontier> frontier = TreeFrontier::Load(Source(), *leaves);
  if (!frontier.ok()) return frontier.error();
  if (*leaves < last_seq) {
    Status caught_up = CatchUp(*frontier, last_seq, sync);
    if (!caught_up.ok()) return caught_up.error();
  }
  return frontier;
}

Status MerkleTree::CatchUp(TreeFrontier& frontier, uint64_t last_seq,
                           bool sync) {
  const std::string upper_key = SeqKey(last_seq + 1);
  const rocksdb::Slice upper(upper_key);
  rocksdb::ReadOptions read_options;
  read_options.iterate_upper_bound = &upper;
  read_options.fill_cache = false;
  std::unique_ptr<rocksdb::Iterator> it(
      db_->db()->NewIterator(read_options, db_->events()));
  rocksdb::WriteOptions write_options;
  write_options.sync = sync;
  rocksdb::WriteBatch batch;
  rocksdb::Status status;
  RecordedEvent event;
  for (it->Seek(SeqKey(frontier.size() + 1)); it->Valid(); it->Next()) {
    const uint64_t seq = frontier.size() + 1;
    if (it->key() != rocksdb::Slice(SeqKey(seq)) ||
        !DecodeRecord(seq, it->value().ToStringView(), &event)) {
      return Error::Make(ErrorCode::kCorruption,
                         "cannot build the audit tree: the event at seq " +
                             std::to_string(seq) + " is missing or malformed");
    }
    frontier.Append(event.leaf_hash,
                    [&](int level, uint64_t index, const std::string& hash) {
                      if (status.ok())
                        status = PutTreeNode(db_, batch, level, index, hash);
                    });
    if (status.ok() && seq % kCatchUpBatch == 0) {
      status = db_->db()->Write(write_options, &batch);
      batch.Clear();
    }
    if (!status.ok()) return ErrorFromRocks(status, "building the audit tree");
  }
  if (!it->status().ok()) {
    return ErrorFromRocks(it->status(), "reading events for the audit tree");
  }
  if (frontier.size() != last_seq) {
    return Error::Make(ErrorCode::kCorruption,
                       "cannot build the audit tree: the event at seq " +
                           std::to_string(frontier.size() + 1) + " is missing");
  }
  if (batch.Count() > 0) status = db_->db()->Write(write_options, &batch);
  return StatusFromRocks(status, "building the audit tree");
}

rocksdb::Status PutTreeNode(RocksDb* db, rocksdb::WriteBatch& batch, int level,
                            uint64_t index, const std::string& hash) {
  return batch.Put(db->tree(), TreeNodeKey(level, index), hash);
}

}  // namespace keytrail::eventstore
