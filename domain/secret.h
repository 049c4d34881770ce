// Token secrets (docs/api.md §2): "kt_" + 32 base62 characters of CSPRNG output
// (32 * log2(62) = 190.5 bits) + 6 base62 characters of the CRC32 (IEEE) of
// the first 35 characters, big-endian, zero-padded. Secret scanners can
// match kt_[0-9A-Za-z]{38}; a typo fails the checksum without a lookup.
//
// keytrail stores only Sha256Hex(secret) and the last four characters; the
// secret itself is returned once and never logged, stored or put in an
// event or error.
#ifndef KEYTRAIL_DOMAIN_SECRET_H_
#define KEYTRAIL_DOMAIN_SECRET_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/random.h"
#include "base/result.h"
#include "base/sha256.h"

namespace keytrail {

inline constexpr std::string_view kSecretPrefix = "kt_";
inline constexpr size_t kSecretRandomChars = 32;
inline constexpr size_t kSecretChecksumChars = 6;
inline constexpr size_t kSecretLength =
    3 + kSecretRandomChars + kSecretChecksumChars;  // 41

// Returns a new secret made from `random`.
std::string GenerateSecret(RandomSource& random);

// Why a text is not a secret. Anything but kOk is verification's MALFORMED.
enum class SecretFormat {
  kOk,
  kBadPrefix,    // does not start with "kt_"
  kBadLength,    // not 41 characters
  kBadAlphabet,  // a character outside base62 after the prefix
  kBadChecksum,  // the last 6 characters are not the CRC32 of the rest
};

// Checks the shape of `text` only (no lookup, no hashing); cheap enough to
// run on every request before anything else.
SecretFormat CheckSecretFormat(std::string_view text);

// The same as a Status: OK, or kInvalid with field "token" and a message
// starting with "MALFORMED" that names the problem (never the text).
Status ParseSecret(std::string_view text);

// Lowercase hex of SHA-256(data) (64 characters).
std::string Sha256Hex(std::string_view data);

// The last four characters of `secret` (all of it when shorter).
std::string_view Last4(std::string_view secret);

// The masked form shown in place of a secret: "kt_…" + `last4`.
std::string Masked(std::string_view last4);

// Compares in time that depends only on the lengths (CRYPTO_memcmp).
bool ConstantTimeEquals(std::string_view a, std::string_view b);
bool ConstantTimeEquals(const Sha256Digest& a, const Sha256Digest& b);

// CRC32 (IEEE 802.3, reflected, as zlib's crc32()).
uint32_t Crc32(std::string_view data);

}  // namespace keytrail

#endif  // KEYTRAIL_DOMAIN_SECRET_H_
