// The RFC 6962 Merkle tree of the log (RFC 9162 §2.1), as pure functions.
//
// The tree of size n has the leaf hashes of events 1..n (leaf index =
// seq - 1) as its leaves; an inner node is SHA-256(0x01 || left || right)
// and the root of the empty tree is SHA-256 of nothing. A complete subtree
// of 2^level leaves starting at leaf `index << level` is node (level, index);
// level 0 holds the leaves themselves.
//
// Building proofs needs node hashes: they come from a NodeSource (the
// `tree` column family, or a test's array). Every function below asks only
// for complete subtrees, at most about 2 * 64 of them per call, so a root,
// an inclusion proof or a consistency proof costs O(log n) node reads.
// Verifying needs no tree at all.
//
// All hashes are 32 raw bytes. Pure functions; thread-safe.
#ifndef KEYTRAIL_EVENTSTORE_MERKLE_H_
#define KEYTRAIL_EVENTSTORE_MERKLE_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace keytrail::eventstore {

inline constexpr size_t kTreeHashSize = 32;

// SHA-256(0x01 || left || right): an inner node.
std::string HashChildren(std::string_view left, std::string_view right);

// SHA-256 of the empty string: the root of the tree of size 0.
std::string EmptyTreeRoot();

// The hash of node (level, index); an error is passed through unchanged.
using NodeSource =
    std::function<Result<std::string>(int level, uint64_t index)>;

// MTH(D[begin:end]) (RFC 6962 §2.1) from the complete subtrees covering
// the range; `begin` must be a multiple of the largest power of two not
// above end - begin (true of every range RFC 6962's recursion makes).
Result<std::string> RangeHash(const NodeSource& source, uint64_t begin,
                              uint64_t end);

// The root of the tree of `size` leaves (EmptyTreeRoot() for 0).
Result<std::string> TreeRootHash(const NodeSource& source, uint64_t size);

// PATH(index, D[size]) (RFC 6962 §2.1.1): the audit path of leaf `index`,
// lowest sibling first. kInvalid unless index < size.
Result<std::vector<std::string>> InclusionPath(const NodeSource& source,
                                               uint64_t index, uint64_t size);

// PROOF(first, D[second]) (RFC 6962 §2.1.2). kInvalid unless
// 0 < first <= second; empty when first == second.
Result<std::vector<std::string>> ConsistencyPath(const NodeSource& source,
                                                 uint64_t first,
                                                 uint64_t second);

// The root that `path` proves for leaf `index` with `leaf_hash` in a tree
// of `size` leaves (RFC 9162 §2.1.3.2); compare it with a trusted root.
// kInvalid when the path cannot belong to such a tree (wrong length, index
// out of range).
Result<std::string> RootFromInclusionPath(uint64_t index, uint64_t size,
                                          std::string_view leaf_hash,
                                          const std::vector<std::string>& path);

// Checks that the tree of `second` leaves with root `second_root` extends
// the tree of `first` leaves with root `first_root`, using `path` (RFC 9162
// §2.1.4.2). kInvalid saying what does not hold.
Status VerifyConsistency(uint64_t first, uint64_t second,
                         std::string_view first_root,
                         std::string_view second_root,
                         const std::vector<std::string>& path);

// The right edge of a growing tree (a "compact range"): the roots of the
// complete subtrees a tree of size() leaves is made of, one per set bit of
// the size, largest first. Appending a leaf completes the nodes that the
// writer stores; Root() needs no reads. Intentionally copyable (the writer
// keeps a copy to roll back a failed append).
class TreeFrontier {
 public:
  // Called for each node a new leaf completes, the leaf (level 0) first.
  using NodeSink =
      std::function<void(int level, uint64_t index, const std::string& hash)>;

  TreeFrontier() = default;  // the empty tree

  // The frontier of the tree of `size` leaves, read from `source`.
  static Result<TreeFrontier> Load(const NodeSource& source, uint64_t size);

  uint64_t size() const { return size_; }
  std::string Root() const;

  // The frontier as one string: size() (8 bytes, big-endian), then the
  // root of each complete subtree, largest first (32 bytes each). Unpack
  // reads it back; kCorruption unless it is the frontier of `size` leaves.
  std::string Packed() const;
  static Result<TreeFrontier> Unpack(std::string_view packed, uint64_t size);

  // Appends leaf number size() (`leaf_hash`: 32 bytes) and reports every
  // node it completes to `sink`.
  void Append(const std::string& leaf_hash, const NodeSink& sink);

 private:
  uint64_t size_ = 0;
  std::vector<std::string> nodes_;  // complete subtree roots, largest first
};

}  // namespace keytrail::eventstore

#endif  // KEYTRAIL_EVENTSTORE_MERKLE_H_
