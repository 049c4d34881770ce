// The argument checks of LogTree's calls (log_tree.h), said once for every
// store: a tree is bounded by the published head `head`; a proof names
// events inside its tree. Each returns OK or kInvalid naming the argument.
// Pure; thread-safe.
#ifndef KEYTRAIL_EVENTSTORE_TREE_REQUESTS_H_
#define KEYTRAIL_EVENTSTORE_TREE_REQUESTS_H_

#include <cstdint>

#include "base/result.h"

namespace keytrail::eventstore {

// TreeRoot(tree_size).
Status CheckTreeRootRequest(uint64_t head, uint64_t tree_size);
// InclusionProof(seq, tree_size).
Status CheckInclusionRequest(uint64_t head, uint64_t seq, uint64_t tree_size);
// ConsistencyProof(first, second).
Status CheckConsistencyRequest(uint64_t head, uint64_t first, uint64_t second);
// TreeNode(level, index): a complete subtree of the published log.
Status CheckTreeNodeRequest(uint64_t head, int level, uint64_t index);

}  // namespace keytrail::eventstore

#endif  // KEYTRAIL_EVENTSTORE_TREE_REQUESTS_H_
