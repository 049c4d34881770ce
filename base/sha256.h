// Sha256(), Sha256DigestOf(), Sha256Stream: the one SHA-256 of keytrail (secret
// hashes, leaf and node hashes of the Merkle tree, request fingerprints).
// OpenSSL 3's one-shot SHA256()/EVP_Digest(EVP_sha256()) look the digest up on
// every call, which costs more than hashing a 65-byte node or a 41-byte secret;
// this fetches it once per process and keeps one digest context per
// thread.
//
// Thread-safe.
#ifndef KEYTRAIL_BASE_SHA256_H_
#define KEYTRAIL_BASE_SHA256_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace keytrail {

// A SHA-256 digest as 32 raw bytes (how state and indexes hold secret
// hashes: half the memory of the hex form the events carry).
using Sha256Digest = std::array<uint8_t, 32>;

// The 32 raw bytes of SHA-256(parts[0] || parts[1] || ...).
std::string Sha256(std::initializer_list<std::string_view> parts);

// Hashes a digest for unordered containers: any 8 bytes of a SHA-256 are a
// good hash. noexcept, so the containers store no hash per entry.
struct Sha256DigestHash {
  size_t operator()(const Sha256Digest& digest) const noexcept {
    size_t hash;
    std::memcpy(&hash, digest.data(), sizeof(hash));
    return hash;
  }
};

// The digest's bytes, for ConstantTimeEquals() and the like.
inline std::string_view Sha256DigestBytes(const Sha256Digest& digest) {
  return {reinterpret_cast<const char*>(digest.data()), digest.size()};
}

// SHA-256 of bytes given piece by piece (a checkpoint hashes its image
// chunk by chunk, never holding it whole). Not thread-safe; one per use.
class Sha256Stream {
 public:
  Sha256Stream();
  ~Sha256Stream();
  Sha256Stream(const Sha256Stream&) = delete;
  Sha256Stream& operator=(const Sha256Stream&) = delete;

  void Update(std::string_view bytes);
  // The digest of everything given. Call once.
  Sha256Digest Finish();

 private:
  struct State;  // the OpenSSL context, kept out of this header
  std::unique_ptr<State> state_;
};

// SHA-256(data) as a digest; allocates nothing (the hot path of
// verification hashes every presented secret).
Sha256Digest Sha256DigestOf(std::string_view data);

// 64 hex digits (either case) -> the digest; nullopt for anything else.
std::optional<Sha256Digest> ParseSha256Hex(std::string_view hex);
// The digest as 64 lowercase hex digits.
std::string Sha256DigestHex(const Sha256Digest& digest);

}  // namespace keytrail

#endif  // KEYTRAIL_BASE_SHA256_H_
