// RocksEventStore: roots and proofs of the log's Merkle tree. Bounded by
// the published head, like every read: the writer stores a leaf's nodes in
// the WriteBatch of its event, so every node of a tree up to the head is
// there.
#include "eventstore/merkle_format.h"
#include "eventstore/rocks_event_store.h"
#include "eventstore/tree_requests.h"

namespace keytrail::eventstore {

Result<std::string> RocksEventStore::TreeRoot(uint64_t tree_size) {
  if (Status checked = CheckTreeRootRequest(head_->Get(), tree_size);
      !checked.ok()) {
    return checked.error();
  }
  return TreeRootHash(tree_.Source(), tree_size);
}

Result<std::vector<std::string>> RocksEventStore::InclusionProof(
    uint64_t seq, uint64_t tree_size) {
  if (Status checked = CheckInclusionRequest(head_->Get(), seq, tree_size);
      !checked.ok()) {
    return checked.error();
  }
  return InclusionPath(tree_.Source(), seq - 1, tree_size);
}

Result<std::vector<std::string>> RocksEventStore::ConsistencyProof(
    uint64_t first, uint64_t second) {
  if (Status checked = CheckConsistencyRequest(head_->Get(), first, second);
      !checked.ok()) {
    return checked.error();
  }
  return ConsistencyPath(tree_.Source(), first, second);
}

Result<std::string> RocksEventStore::TreeNode(int level, uint64_t index) {
  if (Status checked = CheckTreeNodeRequest(head_->Get(), level, index);
      !checked.ok()) {
    return checked.error();
  }
  return tree_.Node(level, index);
}

}  // namespace keytrail::eventstore
