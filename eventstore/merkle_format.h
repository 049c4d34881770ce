// The on-disk layout of the log's Merkle tree (merkle.h): the `tree` column
// family, written in the same WriteBatch as the events whose leaves it
// holds, so that the tree never disagrees with the log.
//
//   tree  level(1 byte) BE64(index)  ->  hash[32]
//
// Node (level, index) is the root of the complete subtree of the leaves
// [index << level, (index + 1) << level); level 0 holds the leaf hashes (a
// copy of each record's leaf_hash, leaf index = seq - 1). Only complete
// subtrees are stored, each once: about two nodes per event. Keys are
// level-major, so each level is written, and scanned, in index order.
#ifndef KEYTRAIL_EVENTSTORE_MERKLE_FORMAT_H_
#define KEYTRAIL_EVENTSTORE_MERKLE_FORMAT_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "eventstore/event_store_format.h"

namespace keytrail::eventstore {

inline constexpr std::string_view kTreeColumnFamily = "tree";

// A key is one level byte and a BE64 index.
inline constexpr size_t kTreeKeySize = 9;
// A tree of at most 2^64 - 1 leaves has levels 0..63.
inline constexpr int kMaxTreeLevel = 63;

inline std::string TreeNodeKey(int level, uint64_t index) {
  std::string key(1, static_cast<char>(level));
  PutBigEndian64(key, index);
  return key;
}

// The first key of `level`: TreeNodeKey(level, 0).
inline std::string TreeLevelStart(int level) { return TreeNodeKey(level, 0); }

// Splits a key made by TreeNodeKey(); false when `key` is not one.
inline bool ParseTreeNodeKey(std::string_view key, int* level,
                             uint64_t* index) {
  if (key.size() != kTreeKeySize ||
      static_cast<unsigned char>(key[0]) > kMaxTreeLevel) {
    return false;
  }
  *level = static_cast<unsigned char>(key[0]);
  *index = GetBigEndian64(key.data() + 1);
  return true;
}

}  // namespace keytrail::eventstore

#endif  // KEYTRAIL_EVENTSTORE_MERKLE_FORMAT_H_
