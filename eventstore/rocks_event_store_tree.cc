// RocksEventStore: roots and proofs of the log's Merkle tree. Bounded by
// the published head, like every read: the writer stores a leaf's nodes in
// the WriteBatch of its event, so every node of a tree up to the head is
// there.
#include "eventstore/merkle_format.h"
#include "eventstore/rocks_event_store.h"

namespace keytrail::eventstore {

Status RocksEventStore::CheckTreeSize(uint64_t tree_size,
                                      const char* name) const {
  const uint64_t head = head_->Get();
  if (tree_size > head) {
    return Error::Invalid(name, "the log has only " + std::to_string(head) +
                                    " events, not " +
                                    std::to_string(tree_size));
  }
  return OkStatus();
}

Result<std::string> RocksEventStore::TreeRoot(uint64_t tree_size) {
  if (Status checked = CheckTreeSize(tree_size, "tree_size"); !checked.ok()) {
    return checked.error();
  }
  return TreeRootHash(tree_.Source(), tree_size);
}

Result<std::vector<std::string>> RocksEventStore::InclusionProof(
    uint64_t seq, uint64_t tree_size) {
  if (Status checked = CheckTreeSize(tree_size, "tree_size"); !checked.ok()) {
    return checked.error();
  }
  if (seq == 0 || seq > tree_size) {
    return Error::Invalid("seq", "event " + std::to_string(seq) +
                                     " is not in the tree of " +
                                     std::to_string(tree_size) + " events");
  }
  return InclusionPath(tree_.Source(), seq - 1, tree_size);
}

Result<std::vector<std::string>> RocksEventStore::ConsistencyProof(
    uint64_t first, uint64_t second) {
  if (Status checked = CheckTreeSize(second, "second"); !checked.ok()) {
    return checked.error();
  }
  if (first == 0 || first > second) {
    return Error::Invalid("first", "needs 0 < first <= second");
  }
  return ConsistencyPath(tree_.Source(), first, second);
}

Result<std::string> RocksEventStore::TreeNode(int level, uint64_t index) {
  const uint64_t head = head_->Get();
  if (level < 0 || level > kMaxTreeLevel || index >= (head >> level)) {
    return Error::Invalid("node", "node (" + std::to_string(level) + ", " +
                                      std::to_string(index) +
                                      ") is not a complete subtree of the log");
  }
  return tree_.Node(level, index);
}

}  // namespace keytrail::eventstore
