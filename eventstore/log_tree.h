// LogTree: the log as an RFC 6962 Merkle tree, read for roots and proofs.
// One of the narrow interfaces an event store implements (event_store.h);
// the audit routes and tools need only this and EventLog.
//
// Errors are values; thread safety: any method from any thread at once.
#ifndef KEYTRAIL_EVENTSTORE_LOG_TREE_H_
#define KEYTRAIL_EVENTSTORE_LOG_TREE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "base/result.h"

namespace keytrail::eventstore {

class LogTree {
 public:
  virtual ~LogTree() = default;

  // The log as an RFC 6962 Merkle tree over the events' leaf hashes in seq
  // order (eventstore/merkle.h): the tree of size n holds events 1..n,
  // event `seq` is leaf seq - 1. Hashes are 32 raw bytes; each call costs
  // O(log n) reads, never a scan. kInvalid for a size beyond the published
  // head or a seq outside the tree; kCorruption when a node is missing.

  // The root hash of the tree of the first `tree_size` events (SHA-256 of
  // nothing for 0).
  virtual Result<std::string> TreeRoot(uint64_t tree_size) = 0;
  // The audit path of event `seq` in the tree of `tree_size` events,
  // lowest sibling first (RFC 6962 §2.1.1).
  virtual Result<std::vector<std::string>> InclusionProof(
      uint64_t seq, uint64_t tree_size) = 0;
  // The consistency proof from the tree of `first` events to the tree of
  // `second` events (RFC 6962 §2.1.2); needs 0 < first <= second.
  virtual Result<std::vector<std::string>> ConsistencyProof(
      uint64_t first, uint64_t second) = 0;
  // Node (level, index): the root of the complete subtree of events
  // index * 2^level + 1 .. (index + 1) * 2^level (level 0: one event's leaf
  // hash), for building other proofs above the store (merkle.h NodeSource).
  // kInvalid when the subtree reaches beyond the published head.
  virtual Result<std::string> TreeNode(int level, uint64_t index) = 0;
};

}  // namespace keytrail::eventstore

#endif  // KEYTRAIL_EVENTSTORE_LOG_TREE_H_
