// MerkleTree: the log's RFC 6962 tree (merkle.h) as stored in the `tree`
// column family (merkle_format.h). Reads node hashes for roots and proofs,
// and keeps the tree in step with the log when a store is opened.
//
// The writer adds nodes with PutTreeNode() in the WriteBatch of the events
// they cover; this class never writes during normal operation. CatchUp()
// is for a log that has events the tree lacks: a store written before the
// tree existed, or with EventStoreOptions::tamper_evidence off.
//
// Thread safety: const methods may be called concurrently; CatchUp() only
// before the writer starts. `db` must outlive the tree.
#ifndef KEYTRAIL_EVENTSTORE_MERKLE_TREE_H_
#define KEYTRAIL_EVENTSTORE_MERKLE_TREE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "base/result.h"
#include "eventstore/merkle.h"
#include "eventstore/rocks_db.h"
#include "rocksdb/write_batch.h"

namespace keytrail::eventstore {

class MerkleTree {
 public:
  explicit MerkleTree(RocksDb* db) : db_(db) {}

  // The hash of node (level, index); kCorruption when it is missing or
  // malformed (the tree was damaged, or the node is beyond the log).
  Result<std::string> Node(int level, uint64_t index) const;
  // Node() as a NodeSource.
  NodeSource Source() const;

  // The number of leaves stored (highest level-0 index + 1; 0 if none).
  Result<uint64_t> StoredLeaves() const;

  // The tree of the first `last_seq` events, ready for the writer: loads
  // the frontier and, when the tree has fewer leaves than the log, adds the
  // missing ones from the records' stored leaf hashes. kCorruption when
  // the tree has more leaves than the log (events were removed).
  Result<TreeFrontier> OpenFrontier(uint64_t last_seq, bool sync);

 private:
  Status CatchUp(TreeFrontier& frontier, uint64_t last_seq, bool sync);

  RocksDb* const db_;
};

// Adds node (level, index) = `hash` to `batch`.
rocksdb::Status PutTreeNode(RocksDb* db, rocksdb::WriteBatch& batch, int level,
                            uint64_t index, const std::string& hash);

}  // namespace keytrail::eventstore

#endif  // KEYTRAIL_EVENTSTORE_MERKLE_TREE_H_
