// RFC 6962 tree hashing (eventstore/merkle.h) against an independent naive
// implementation written here from the RFC's recursive definitions over
// vectors of leaves: roots, node hashes, audit paths and consistency proofs
// for every tree size 1..64, plus the verifiers on good and bad proofs.
#include <openssl/sha.h>

#include <boost/test/unit_test.hpp>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "base/hex.h"
#include "eventstore/leaf_hash.h"
#include "eventstore/merkle.h"

namespace keytrail::eventstore {
namespace {

using Leaves = std::vector<std::string>;

constexpr uint64_t kMaxSize = 64;

std::string NaiveSha256(const std::string& data) {
  unsigned char out[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), out);
  return std::string(reinterpret_cast<char*>(out), sizeof(out));
}

// RFC 6962 §2.1: k is the largest power of two smaller than n.
size_t NaiveSplit(size_t n) {
  size_t k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

Leaves Slice(const Leaves& d, size_t begin, size_t end) {
  return Leaves(d.begin() + begin, d.begin() + end);
}

std::string NaiveMth(const Leaves& d) {
  if (d.empty()) return NaiveSha256("");
  if (d.size() == 1) return d[0];  // d holds leaf hashes already
  const size_t k = NaiveSplit(d.size());
  return NaiveSha256("\x01" + NaiveMth(Slice(d, 0, k)) +
                     NaiveMth(Slice(d, k, d.size())));
}

Leaves NaivePath(size_t m, const Leaves& d) {
  if (d.size() == 1) return {};
  const size_t k = NaiveSplit(d.size());
  Leaves path;
  if (m < k) {
    path = NaivePath(m, Slice(d, 0, k));
    path.push_back(NaiveMth(Slice(d, k, d.size())));
  } else {
    path = NaivePath(m - k, Slice(d, k, d.size()));
    path.push_back(NaiveMth(Slice(d, 0, k)));
  }
  return path;
}

Leaves NaiveSubproof(size_t m, const Leaves& d, bool b) {
  if (m == d.size()) return b ? Leaves{} : Leaves{NaiveMth(d)};
  const size_t k = NaiveSplit(d.size());
  Leaves proof;
  if (m <= k) {
    proof = NaiveSubproof(m, Slice(d, 0, k), b);
    proof.push_back(NaiveMth(Slice(d, k, d.size())));
  } else {
    proof = NaiveSubproof(m - k, Slice(d, k, d.size()), false);
    proof.push_back(NaiveMth(Slice(d, 0, k)));
  }
  return proof;
}

// Leaf hashes of distinct made-up leaves.
Leaves MakeLeaves(size_t n) {
  Leaves leaves;
  for (size_t i = 0; i < n; ++i) {
    leaves.push_back(
        NaiveSha256(std::string(1, '\0') + "leaf " + std::to_string(i)));
  }
  return leaves;
}

// The nodes a TreeFrontier emits while `leaves` are appended, as a source.
struct EmittedTree {
  explicit EmittedTree(const Leaves& leaves) {
    for (const std::string& leaf : leaves) {
      frontier.Append(leaf,
                      [&](int level, uint64_t index, const std::string& hash) {
                        nodes[{level, index}] = hash;
                      });
    }
  }
  NodeSource Source() {
    return [this](int level, uint64_t index) -> Result<std::string> {
      auto it = nodes.find({level, index});
      if (it == nodes.end()) {
        return Error::Make(ErrorCode::kCorruption, "no such node");
      }
      ++reads;
      return it->second;
    };
  }
  TreeFrontier frontier;
  std::map<std::pair<int, uint64_t>, std::string> nodes;
  int reads = 0;
};

std::string Hex(const Leaves& hashes) {
  std::string text;
  for (const std::string& hash : hashes) text += HexOf(hash) + " ";
  return text;
}

BOOST_AUTO_TEST_SUITE(MerkleTree)

BOOST_AUTO_TEST_CASE(KnownAnswersOfTheCertificateTransparencyTests) {
  // The leaves and roots of the RFC 6962 reference implementation's tests.
  const std::vector<std::string> data = {
      "",
      std::string(1, '\0'),
      "\x10",
      "\x20\x21",
      "\x30\x31",
      "\x40\x41\x42\x43",
      "\x50\x51\x52\x53\x54\x55\x56\x57",
      "\x60\x61\x62\x63\x64\x65\x66\x67\x68\x69\x6a\x6b\x6c\x6d\x6e\x6f"};
  Leaves leaves;
  for (const std::string& d : data) {
    leaves.push_back(NaiveSha256(std::string(1, '\0') + d));
  }
  EmittedTree tree(leaves);
  BOOST_TEST(
      HexOf(tree.frontier.Root()) ==
      "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");
  BOOST_TEST(
      HexOf(*TreeRootHash(tree.Source(), 5)) ==
      "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4");
  BOOST_TEST(
      HexOf(EmptyTreeRoot()) ==
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

BOOST_AUTO_TEST_CASE(RootsAndNodesMatchTheNaiveTreeForEverySize) {
  const Leaves leaves = MakeLeaves(kMaxSize);
  EmittedTree tree(leaves);
  std::string wrong;
  for (uint64_t n = 0; n <= kMaxSize; ++n) {
    Result<std::string> root = TreeRootHash(tree.Source(), n);
    if (!root.ok() || *root != NaiveMth(Slice(leaves, 0, n))) {
      wrong += "root@" + std::to_string(n) + " ";
    }
    EmittedTree grown(Slice(leaves, 0, n));
    if (grown.frontier.Root() != NaiveMth(Slice(leaves, 0, n))) {
      wrong += "frontier@" + std::to_string(n) + " ";
    }
    Result<TreeFrontier> loaded = TreeFrontier::Load(tree.Source(), n);
    if (!loaded.ok() || loaded->Root() != NaiveMth(Slice(leaves, 0, n))) {
      wrong += "loaded@" + std::to_string(n) + " ";
    }
  }
  for (const auto& [key, hash] : tree.nodes) {
    const auto [level, index] = key;
    const size_t width = size_t{1} << level;
    if (hash != NaiveMth(Slice(leaves, index * width, (index + 1) * width))) {
      wrong +=
          "node(" + std::to_string(level) + "," + std::to_string(index) + ") ";
    }
  }
  BOOST_TEST(wrong == "");
  BOOST_TEST(tree.nodes.size() == 2 * kMaxSize - 1);  // a complete tree
}

BOOST_AUTO_TEST_CASE(InclusionPathsMatchTheNaiveOnesAndVerify) {
  const Leaves leaves = MakeLeaves(kMaxSize);
  EmittedTree tree(leaves);
  std::string wrong;
  for (uint64_t n = 1; n <= kMaxSize; ++n) {
    const std::string root = NaiveMth(Slice(leaves, 0, n));
    for (uint64_t m = 0; m < n; ++m) {
      const std::string at = std::to_string(m) + "/" + std::to_string(n) + " ";
      Result<Leaves> path = InclusionPath(tree.Source(), m, n);
      if (!path.ok() || Hex(*path) != Hex(NaivePath(m, Slice(leaves, 0, n)))) {
        wrong += "path " + at;
        continue;
      }
      Result<std::string> proved =
          RootFromInclusionPath(m, n, leaves[m], *path);
      if (!proved.ok() || *proved != root) wrong += "verify " + at;
      Result<std::string> other =
          RootFromInclusionPath(m, n, leaves[(m + 1) % n], *path);
      if (n > 1 && other.ok() && *other == root) wrong += "other-leaf " + at;
      if (!path->empty()) {
        Leaves forged = *path;
        forged.back()[0] ^= 1;
        Result<std::string> bad =
            RootFromInclusionPath(m, n, leaves[m], forged);
        if (bad.ok() && *bad == root) wrong += "forged " + at;
        forged.pop_back();
        if (RootFromInclusionPath(m, n, leaves[m], forged).ok()) {
          wrong += "short " + at;
        }
      }
    }
  }
  BOOST_TEST(wrong == "");
  BOOST_TEST(!InclusionPath(tree.Source(), 5, 5).ok());
}

BOOST_AUTO_TEST_CASE(ConsistencyProofsMatchTheNaiveOnesAndVerify) {
  const Leaves leaves = MakeLeaves(kMaxSize);
  EmittedTree tree(leaves);
  std::string wrong;
  for (uint64_t n = 1; n <= kMaxSize; ++n) {
    const std::string second = NaiveMth(Slice(leaves, 0, n));
    for (uint64_t m = 1; m <= n; ++m) {
      const std::string at = std::to_string(m) + "/" + std::to_string(n) + " ";
      const std::string first = NaiveMth(Slice(leaves, 0, m));
      Result<Leaves> proof = ConsistencyPath(tree.Source(), m, n);
      if (!proof.ok() ||
          Hex(*proof) != Hex(NaiveSubproof(m, Slice(leaves, 0, n), true))) {
        wrong += "proof " + at;
        continue;
      }
      if (!VerifyConsistency(m, n, first, second, *proof).ok()) {
        wrong += "verify " + at;
      }
      std::string forged_root = second;
      forged_root[31] ^= 1;
      if (VerifyConsistency(m, n, first, forged_root, *proof).ok()) {
        wrong += "forged-second " + at;
      }
      if (m < n && VerifyConsistency(m, n, second, second, *proof).ok()) {
        wrong += "forged-first " + at;
      }
    }
  }
  BOOST_TEST(wrong == "");
  BOOST_TEST(!ConsistencyPath(tree.Source(), 0, 4).ok());
  BOOST_TEST(!ConsistencyPath(tree.Source(), 5, 4).ok());
}

BOOST_AUTO_TEST_CASE(ProofsReadLogarithmicallyManyNodes) {
  const Leaves leaves = MakeLeaves(kMaxSize);
  EmittedTree tree(leaves);
  int most = 0;
  for (uint64_t n = 1; n <= kMaxSize; ++n) {
    for (uint64_t m = 0; m < n; ++m) {
      tree.reads = 0;
      BOOST_REQUIRE(InclusionPath(tree.Source(), m, n).ok());
      BOOST_REQUIRE(ConsistencyPath(tree.Source(), m + 1, n).ok());
      most = std::max(most, tree.reads);
    }
  }
  // log2(64) = 6: at most 6 siblings plus a right edge of at most 6 nodes,
  // for each of the two proofs.
  BOOST_TEST(most <= 24);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail::eventstore
