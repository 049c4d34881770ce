#include "domain/secret.h"

#include <openssl/crypto.h>

#include <array>

#include "base/base62.h"
#include "base/sha256.h"

namespace keytrail {
namespace {

constexpr size_t kChecked = kSecretLength - kSecretChecksumChars;  // 35

constexpr std::array<uint32_t, 256> MakeCrcTable() {
  std::array<uint32_t, 256> table{};
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t c = i;
    for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    table[i] = c;
  }
  return table;
}
constexpr std::array<uint32_t, 256> kCrcTable = MakeCrcTable();

std::string ChecksumOf(std::string_view checked) {
  std::string out;
  AppendBase62Fixed(out, Crc32(checked), kSecretChecksumChars);
  return out;
}

}  // namespace

uint32_t Crc32(std::string_view data) {
  uint32_t crc = 0xFFFFFFFFu;
  for (char c : data) {
    crc = kCrcTable[(crc ^ static_cast<uint8_t>(c)) & 0xFF] ^ (crc >> 8);
  }
  return crc ^ 0xFFFFFFFFu;
}

std::string GenerateSecret(RandomSource& random) {
  std::string secret(kSecretPrefix);
  secret.reserve(kSecretLength);
  AppendRandomBase62(secret, kSecretRandomChars, random);
  AppendBase62Fixed(secret, Crc32(secret), kSecretChecksumChars);
  return secret;
}

SecretFormat CheckSecretFormat(std::string_view text) {
  if (text.substr(0, kSecretPrefix.size()) != kSecretPrefix) {
    return SecretFormat::kBadPrefix;
  }
  if (text.size() != kSecretLength) return SecretFormat::kBadLength;
  for (size_t i = kSecretPrefix.size(); i < text.size(); ++i) {
    if (!IsBase62(text[i])) return SecretFormat::kBadAlphabet;
  }
  if (ChecksumOf(text.substr(0, kChecked)) != text.substr(kChecked)) {
    return SecretFormat::kBadChecksum;
  }
  return SecretFormat::kOk;
}

Status ParseSecret(std::string_view text) {
  switch (CheckSecretFormat(text)) {
    case SecretFormat::kOk:
      return OkStatus();
    case SecretFormat::kBadPrefix:
      return Error::Invalid("token", "MALFORMED: does not start with kt_");
    case SecretFormat::kBadLength:
      return Error::Invalid("token", "MALFORMED: wrong length");
    case SecretFormat::kBadAlphabet:
      return Error::Invalid("token", "MALFORMED: not base62");
    case SecretFormat::kBadChecksum:
      return Error::Invalid("token", "MALFORMED: checksum mismatch");
  }
  return Error::Invalid("token", "MALFORMED");
}

std::string Sha256Hex(std::string_view data) {
  return Sha256DigestHex(Sha256DigestOf(data));
}

std::string_view Last4(std::string_view secret) {
  return secret.size() <= 4 ? secret : secret.substr(secret.size() - 4);
}

std::string Masked(std::string_view last4) {
  return "kt_\u2026" + std::string(last4);
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

bool ConstantTimeEquals(const Sha256Digest& a, const Sha256Digest& b) {
  return ConstantTimeEquals(Sha256DigestBytes(a), Sha256DigestBytes(b));
}

}  // namespace keytrail
