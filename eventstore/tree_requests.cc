#include "eventstore/tree_requests.h"

#include <string>

#include "eventstore/merkle_format.h"

namespace keytrail::eventstore {
namespace {

Status CheckTreeSize(uint64_t head, uint64_t tree_size, const char* name) {
  if (tree_size > head) {
    return Error::Invalid(name, "the log has only " + std::to_string(head) +
                                    " events, not " +
                                    std::to_string(tree_size));
  }
  return OkStatus();
}

}  // namespace

Status CheckTreeRootRequest(uint64_t head, uint64_t tree_size) {
  return CheckTreeSize(head, tree_size, "tree_size");
}

Status CheckInclusionRequest(uint64_t head, uint64_t seq, uint64_t tree_size) {
  if (Status checked = CheckTreeSize(head, tree_size, "tree_size");
      !checked.ok()) {
    return checked;
  }
  if (seq == 0 || seq > tree_size) {
    return Error::Invalid("seq", "event " + std::to_string(seq) +
                                     " is not in the tree of " +
                                     std::to_string(tree_size) + " events");
  }
  return OkStatus();
}

Status CheckConsistencyRequest(uint64_t head, uint64_t first, uint64_t second) {
  if (Status checked = CheckTreeSize(head, second, "second"); !checked.ok()) {
    return checked;
  }
  if (first == 0 || first > second) {
    return Error::Invalid("first", "needs 0 < first <= second");
  }
  return OkStatus();
}

Status CheckTreeNodeRequest(uint64_t head, int level, uint64_t index) {
  if (level < 0 || level > kMaxTreeLevel || index >= (head >> level)) {
    return Error::Invalid("node", "node (" + std::to_string(level) + ", " +
                                      std::to_string(index) +
                                      ") is not a complete subtree of the log");
  }
  return OkStatus();
}

}  // namespace keytrail::eventstore
