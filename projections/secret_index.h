// SecretIndex: secret hash -> the token that has it as its current secret,
// or as its previous one (a regenerate's grace), for the Views.
//
// Memory (issue 7: a million tokens in under 1 GiB). An open-addressing
// table (linear probing, backward-shift deletion, at most half full) of
// tagged token pointers. The digest is not stored: an entry reads it from
// its token (secret_sha256 or rare->previous_secret_sha256, by the
// entry's role), so an entry costs 8 bytes, about 16 per token with the empty
// slots, where a std::unordered_map node cost 72.
//
// Contract: the digest a token is filed under must not change while it is
// filed: Erase() it before the token's secrets change and Insert() it
// again after (Views::Index does). Tokens must outlive their entries.
//
// Thread safety: none; concurrent const calls are safe.
#ifndef KEYTRAIL_PROJECTIONS_SECRET_INDEX_H_
#define KEYTRAIL_PROJECTIONS_SECRET_INDEX_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "base/sha256.h"
#include "domain/state.h"
#include "projections/queries.h"

namespace keytrail::projections {

class SecretIndex {
 public:
  struct Entry {
    const TokenState* token = nullptr;
    SecretRole role = SecretRole::kCurrent;
  };

  // Files `token` under `key`, the digest of its current secret (role
  // kCurrent) or of its previous one (kPrevious), replacing whatever was
  // filed under `key`. REQUIRES: role is kCurrent or kPrevious.
  void Insert(const Sha256Digest& key, const TokenState* token,
              SecretRole role);
  // Removes the entry under `key` if it is `token`'s; else does nothing.
  void Erase(const Sha256Digest& key, const TokenState* token);
  // The entry under `key`, or nullopt.
  std::optional<Entry> Find(const Sha256Digest& key) const;
  bool contains(const Sha256Digest& key) const { return Find(key).has_value(); }
  size_t size() const { return size_; }

 private:
  static constexpr uintptr_t kPreviousTag = 1;  // TokenState is 8-aligned

  static Entry Decode(uintptr_t slot);
  static const Sha256Digest& KeyOf(uintptr_t slot);
  size_t Home(const Sha256Digest& key) const;
  // The slot holding `key`, or the empty slot where it would go.
  size_t Probe(const Sha256Digest& key) const;
  void Grow();

  std::vector<uintptr_t> slots_;  // 0: empty; size a power of two
  size_t size_ = 0;
};

}  // namespace keytrail::projections

#endif  // KEYTRAIL_PROJECTIONS_SECRET_INDEX_H_
