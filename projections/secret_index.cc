#include "projections/secret_index.h"

namespace keytrail::projections {

SecretIndex::Entry SecretIndex::Decode(uintptr_t slot) {
  return {reinterpret_cast<const TokenState*>(slot & ~kPreviousTag),
          (slot & kPreviousTag) != 0 ? SecretRole::kPrevious
                                     : SecretRole::kCurrent};
}

const Sha256Digest& SecretIndex::KeyOf(uintptr_t slot) {
  Entry entry = Decode(slot);
  return entry.role == SecretRole::kPrevious
             ? entry.token->rare->previous_secret_sha256
             : entry.token->secret_sha256;
}

size_t SecretIndex::Home(const Sha256Digest& key) const {
  return Sha256DigestHash{}(key) & (slots_.size() - 1);
}

size_t SecretIndex::Probe(const Sha256Digest& key) const {
  const size_t mask = slots_.size() - 1;
  size_t i = Home(key);
  while (slots_[i] != 0 && KeyOf(slots_[i]) != key) i = (i + 1) & mask;
  return i;
}

void SecretIndex::Insert(const Sha256Digest& key, const TokenState* token,
                         SecretRole role) {
  if ((size_ + 1) * 2 > slots_.size()) Grow();
  const uintptr_t slot = reinterpret_cast<uintptr_t>(token) |
                         (role == SecretRole::kPrevious ? kPreviousTag : 0);
  size_t i = Probe(key);
  if (slots_[i] == 0) ++size_;
  slots_[i] = slot;
}

void SecretIndex::Erase(const Sha256Digest& key, const TokenState* token) {
  if (slots_.empty()) return;
  size_t i = Probe(key);
  if (slots_[i] == 0 || Decode(slots_[i]).token != token) return;
  // Backward-shift deletion: move later entries of the run into the hole
  // when the hole lies between their home and where they are.
  const size_t mask = slots_.size() - 1;
  for (size_t j = (i + 1) & mask; slots_[j] != 0; j = (j + 1) & mask) {
    const size_t home = Home(KeyOf(slots_[j]));
    const bool hole_on_the_way = ((j - home) & mask) >= ((j - i) & mask);
    if (hole_on_the_way) {
      slots_[i] = slots_[j];
      i = j;
    }
  }
  slots_[i] = 0;
  --size_;
}

std::optional<SecretIndex::Entry> SecretIndex::Find(
    const Sha256Digest& key) const {
  if (slots_.empty()) return std::nullopt;
  size_t i = Probe(key);
  if (slots_[i] == 0) return std::nullopt;
  return Decode(slots_[i]);
}

void SecretIndex::Grow() {
  std::vector<uintptr_t> old = std::move(slots_);
  slots_.assign(old.empty() ? 16 : old.size() * 2, 0);
  for (uintptr_t slot : old) {
    if (slot != 0) slots_[Probe(KeyOf(slot))] = slot;
  }
}

}  // namespace keytrail::projections
