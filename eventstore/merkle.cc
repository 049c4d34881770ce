// RFC 6962 tree hashing. The proof builders follow the RFC's recursive
// definitions literally over ranges [begin, end) of leaf indexes; the
// verifiers are RFC 9162's iterative algorithms, which share no code with
// the builders on purpose.
#include "eventstore/merkle.h"

#include <bit>

#include "base/sha256.h"

namespace keytrail::eventstore {
namespace {

// The largest power of two strictly below `n` (n >= 2): RFC 6962's k.
uint64_t SplitPoint(uint64_t n) {
  return uint64_t{1} << (63 - std::countl_zero(n - 1));
}

Error Invalid(std::string message) {
  return Error::Make(ErrorCode::kInvalid, std::move(message));
}

// PATH(index, D[begin:end]) appended to `path`, lowest sibling first.
Status AppendPath(const NodeSource& source, uint64_t index, uint64_t begin,
                  uint64_t end, std::vector<std::string>& path) {
  if (end - begin == 1) return OkStatus();
  const uint64_t split = begin + SplitPoint(end - begin);
  const bool left = index < split;
  Status inner = left ? AppendPath(source, index, begin, split, path)
                      : AppendPath(source, index, split, end, path);
  if (!inner.ok()) return inner;
  Result<std::string> sibling =
      left ? RangeHash(source, split, end) : RangeHash(source, begin, split);
  if (!sibling.ok()) return sibling.error();
  path.push_back(std::move(*sibling));
  return OkStatus();
}

// SUBPROOF(m, D[begin:end], complete) appended to `path`, where the old
// tree covers [begin, begin + m).
Status AppendSubproof(const NodeSource& source, uint64_t m, uint64_t begin,
                      uint64_t end, bool complete,
                      std::vector<std::string>& path) {
  if (m == end - begin) {
    if (complete) return OkStatus();
    Result<std::string> hash = RangeHash(source, begin, end);
    if (!hash.ok()) return hash.error();
    path.push_back(std::move(*hash));
    return OkStatus();
  }
  const uint64_t k = SplitPoint(end - begin);
  const bool left = m <= k;
  Status inner =
      left ? AppendSubproof(source, m, begin, begin + k, complete, path)
           : AppendSubproof(source, m - k, begin + k, end, false, path);
  if (!inner.ok()) return inner;
  Result<std::string> sibling = left ? RangeHash(source, begin + k, end)
                                     : RangeHash(source, begin, begin + k);
  if (!sibling.ok()) return sibling.error();
  path.push_back(std::move(*sibling));
  return OkStatus();
}

// Right-shifts `fn` and `sn` until LSB(fn) is set or fn is 0.
void ShiftWhileEven(uint64_t& fn, uint64_t& sn) {
  while (fn != 0 && (fn & 1) == 0) {
    fn >>= 1;
    sn >>= 1;
  }
}

}  // namespace

std::string HashChildren(std::string_view left, std::string_view right) {
  return Sha256({std::string_view("\x01", 1), left, right});
}

std::string EmptyTreeRoot() { return Sha256({}); }

Result<std::string> RangeHash(const NodeSource& source, uint64_t begin,
                              uint64_t end) {
  const uint64_t n = end - begin;
  if (n == 0) return EmptyTreeRoot();
  if (std::has_single_bit(n) && begin % n == 0) {
    const int level = std::countr_zero(n);
    return source(level, begin >> level);
  }
  const uint64_t split = begin + SplitPoint(n);
  Result<std::string> left = RangeHash(source, begin, split);
  if (!left.ok()) return left;
  Result<std::string> right = RangeHash(source, split, end);
  if (!right.ok()) return right;
  return HashChildren(*left, *right);
}

Result<std::string> TreeRootHash(const NodeSource& source, uint64_t size) {
  return RangeHash(source, 0, size);
}

Result<std::vector<std::string>> InclusionPath(const NodeSource& source,
                                               uint64_t index, uint64_t size) {
  if (index >= size) {
    return Invalid("leaf " + std::to_string(index) + " is not in a tree of " +
                   std::to_string(size) + " leaves");
  }
  std::vector<std::string> path;
  Status built = AppendPath(source, index, 0, size, path);
  if (!built.ok()) return built.error();
  return path;
}

Result<std::vector<std::string>> ConsistencyPath(const NodeSource& source,
                                                 uint64_t first,
                                                 uint64_t second) {
  if (first == 0 || first > second) {
    return Invalid("a consistency proof needs 0 < first <= second (got " +
                   std::to_string(first) + " and " + std::to_string(second) +
                   ")");
  }
  std::vector<std::string> path;
  Status built = AppendSubproof(source, first, 0, second, true, path);
  if (!built.ok()) return built.error();
  return path;
}

Result<std::string> RootFromInclusionPath(
    uint64_t index, uint64_t size, std::string_view leaf_hash,
    const std::vector<std::string>& path) {
  if (index >= size) return Invalid("the leaf index is not below the size");
  uint64_t fn = index;
  uint64_t sn = size - 1;
  std::string r(leaf_hash);
  for (const std::string& p : path) {
    if (sn == 0) return Invalid("the audit path is too long");
    if ((fn & 1) == 1 || fn == sn) {
      r = HashChildren(p, r);
      ShiftWhileEven(fn, sn);
    } else {
      r = HashChildren(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn != 0) return Invalid("the audit path is too short");
  return r;
}

Status VerifyConsistency(uint64_t first, uint64_t second,
                         std::string_view first_root,
                         std::string_view second_root,
                         const std::vector<std::string>& path) {
  if (first == 0 || first > second) {
    return Invalid("a consistency proof needs 0 < first <= second");
  }
  if (first == second) {
    if (!path.empty()) return Invalid("equal sizes need an empty proof");
    if (first_root != second_root) return Invalid("equal sizes, other roots");
    return OkStatus();
  }
  if (path.empty()) return Invalid("the consistency proof is empty");
  std::vector<std::string> nodes;
  if (std::has_single_bit(first)) nodes.emplace_back(first_root);
  nodes.insert(nodes.end(), path.begin(), path.end());
  uint64_t fn = first - 1;
  uint64_t sn = second - 1;
  while ((fn & 1) == 1) {
    fn >>= 1;
    sn >>= 1;
  }
  std::string fr = nodes[0];
  std::string sr = nodes[0];
  for (size_t i = 1; i < nodes.size(); ++i) {
    if (sn == 0) return Invalid("the consistency proof is too long");
    if ((fn & 1) == 1 || fn == sn) {
      fr = HashChildren(nodes[i], fr);
      sr = HashChildren(nodes[i], sr);
      ShiftWhileEven(fn, sn);
    } else {
      sr = HashChildren(sr, nodes[i]);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn != 0) return Invalid("the consistency proof is too short");
  if (fr != first_root)
    return Invalid("the proof does not lead to the first root");
  if (sr != second_root) {
    return Invalid("the proof does not lead to the second root");
  }
  return OkStatus();
}

Result<TreeFrontier> TreeFrontier::Load(const NodeSource& source,
                                        uint64_t size) {
  TreeFrontier frontier;
  uint64_t offset = 0;
  for (int level = 63; level >= 0; --level) {
    const uint64_t width = uint64_t{1} << level;
    if ((size & width) == 0) continue;
    Result<std::string> node = source(level, offset >> level);
    if (!node.ok()) return node.error();
    frontier.nodes_.push_back(std::move(*node));
    offset += width;
  }
  frontier.size_ = size;
  return frontier;
}

std::string TreeFrontier::Packed() const {
  std::string packed;
  packed.reserve(8 + nodes_.size() * kTreeHashSize);
  for (int shift = 56; shift >= 0; shift -= 8) {
    packed.push_back(static_cast<char>((size_ >> shift) & 0xff));
  }
  for (const std::string& node : nodes_) packed += node;
  return packed;
}

Result<TreeFrontier> TreeFrontier::Unpack(std::string_view packed,
                                          uint64_t size) {
  uint64_t packed_size = 0;
  for (size_t i = 0; i < 8 && i < packed.size(); ++i) {
    packed_size = (packed_size << 8) | static_cast<uint8_t>(packed[i]);
  }
  const size_t count = static_cast<size_t>(std::popcount(size));
  if (packed.size() != 8 + count * kTreeHashSize || packed_size != size) {
    return Error::Make(ErrorCode::kCorruption,
                       "the packed tree frontier is not the frontier of " +
                           std::to_string(size) + " leaves");
  }
  TreeFrontier frontier;
  for (size_t i = 0; i < count; ++i) {
    frontier.nodes_.emplace_back(
        packed.substr(8 + i * kTreeHashSize, kTreeHashSize));
  }
  frontier.size_ = size;
  return frontier;
}

std::string TreeFrontier::Root() const {
  if (nodes_.empty()) return EmptyTreeRoot();
  std::string root = nodes_.back();
  for (size_t i = nodes_.size() - 1; i-- > 0;) {
    root = HashChildren(nodes_[i], root);
  }
  return root;
}

void TreeFrontier::Append(const std::string& leaf_hash, const NodeSink& sink) {
  uint64_t index = size_;
  int level = 0;
  sink(level, index, leaf_hash);
  nodes_.push_back(leaf_hash);
  while ((index & 1) == 1) {
    std::string hash = HashChildren(nodes_[nodes_.size() - 2], nodes_.back());
    nodes_.pop_back();
    nodes_.back() = std::move(hash);
    index >>= 1;
    ++level;
    sink(level, index, nodes_.back());
  }
  ++size_;
}

}  // namespace keytrail::eventstore
