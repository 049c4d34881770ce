// Token secrets (docs/api.md §2): a prefix ("kt_" by default) + 32 base62
// characters of CSPRNG output (32 * log2(62) = 190.5 bits) + 6 base62
// characters of the CRC32 (IEEE) of everything before them (prefix
// included), big-endian, zero-padded. Secret scanners can match
// kt_[0-9A-Za-z]{38} (or acme_live_[0-9A-Za-z]{38} for an account's
// prefix); a typo fails the checksum without a lookup.
//
// A prefix is 2-32 characters of [a-z0-9_] that ends with "_", starts with a
// letter or digit and has no "__" (e.g. "kt_", "acme_live_"). Base62 has no
// "_", so a secret's prefix is everything up to its last "_".
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
inline constexpr size_t kSecretBodyChars =
    kSecretRandomChars + kSecretChecksumChars;  // 38, after the prefix
inline constexpr size_t kSecretLength = 3 + kSecretBodyChars;  // 41 with kt_
inline constexpr size_t kMaxSecretPrefixLength = 32;

// Returns a new secret with `prefix` (REQUIRES: IsValidSecretPrefix) made
// from `random`.
std::string GenerateSecret(RandomSource& random,
                           std::string_view prefix = kSecretPrefix);

// Whether `prefix` is a prefix a secret may have (the grammar above).
bool IsValidSecretPrefix(std::string_view prefix);

// An account's prefix setting (docs/api.md "Prefixes"): 1-16 lowercase
// letters or digits, then "_" ("acme_").
inline constexpr size_t kMaxAccountPrefixLetters = 16;
bool IsValidAccountTokenPrefix(std::string_view prefix);

// A token's environment: "live" or "test" ("" = none).
bool IsValidEnvironment(std::string_view environment);

// The prefix of a new secret: `account_prefix` ("" = "kt_"), then
// `environment` and "_" when given: ("acme_", "live") -> "acme_live_".
std::string SecretPrefixFor(std::string_view account_prefix,
                            std::string_view environment);

// The prefix of `secret`: everything up to and including its last "_"
// ("" when it has none). Not validated.
std::string_view SecretPrefixOf(std::string_view secret);

// Why a text is not a secret. Anything but kOk is verification's MALFORMED.
enum class SecretFormat {
  kOk,
  kBadPrefix,    // no valid prefix (see IsValidSecretPrefix)
  kBadLength,    // not 38 characters after the prefix
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

// The masked form shown in place of a secret: `prefix` ("kt_" when empty) +
// "…" + `last4`.
std::string Masked(std::string_view prefix, std::string_view last4);

// Compares in time that depends only on the lengths (CRYPTO_memcmp).
bool ConstantTimeEquals(std::string_view a, std::string_view b);
bool ConstantTimeEquals(const Sha256Digest& a, const Sha256Digest& b);

// CRC32 (IEEE 802.3, reflected, as zlib's crc32()).
uint32_t Crc32(std::string_view data);

}  // namespace keytrail

#endif  // KEYTRAIL_DOMAIN_SECRET_H_
