#include "domain/secret.h"

#include <openssl/crypto.h>

#include <array>

#include "base/base62.h"
#include "base/sha256.h"

namespace keytrail {
namespace {

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

std::string GenerateSecret(RandomSource& random, std::string_view prefix) {
  std::string secret(prefix);
  secret.reserve(prefix.size() + kSecretBodyChars);
  AppendRandomBase62(secret, kSecretRandomChars, random);
  AppendBase62Fixed(secret, Crc32(secret), kSecretChecksumChars);
  return secret;
}

bool IsValidSecretPrefix(std::string_view prefix) {
  if (prefix.size() < 2 || prefix.size() > kMaxSecretPrefixLength ||
      prefix.front() == '_' || prefix.back() != '_' ||
      prefix.find("__") != std::string_view::npos) {
    return false;
  }
  for (char c : prefix) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
      return false;
    }
  }
  return true;
}

bool IsValidAccountTokenPrefix(std::string_view prefix) {
  if (prefix.size() < 2 || prefix.size() > kMaxAccountPrefixLetters + 1 ||
      prefix.back() != '_') {
    return false;
  }
  for (char c : prefix.substr(0, prefix.size() - 1)) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) return false;
  }
  return true;
}

bool IsValidEnvironment(std::string_view environment) {
  return environment.empty() || environment == "live" || environment == "test";
}

std::string SecretPrefixFor(std::string_view account_prefix,
                            std::string_view environment) {
  std::string prefix(account_prefix.empty() ? kSecretPrefix : account_prefix);
  if (!environment.empty()) prefix.append(environment).push_back('_');
  return prefix;
}

std::string_view SecretPrefixOf(std::string_view secret) {
  const size_t last = secret.rfind('_');
  return last == std::string_view::npos ? std::string_view()
                                        : secret.substr(0, last + 1);
}

SecretFormat CheckSecretFormat(std::string_view text) {
  const std::string_view prefix = SecretPrefixOf(text);
  if (!IsValidSecretPrefix(prefix)) return SecretFormat::kBadPrefix;
  if (text.size() != prefix.size() + kSecretBodyChars) {
    return SecretFormat::kBadLength;
  }
  for (size_t i = prefix.size(); i < text.size(); ++i) {
    if (!IsBase62(text[i])) return SecretFormat::kBadAlphabet;
  }
  const size_t checked = text.size() - kSecretChecksumChars;
  if (ChecksumOf(text.substr(0, checked)) != text.substr(checked)) {
    return SecretFormat::kBadChecksum;
  }
  return SecretFormat::kOk;
}

Status ParseSecret(std::string_view text) {
  switch (CheckSecretFormat(text)) {
    case SecretFormat::kOk:
      return OkStatus();
    case SecretFormat::kBadPrefix:
      return Error::Invalid("token",
                            "MALFORMED: no valid prefix (such as kt_)");
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

std::string Masked(std::string_view prefix, std::string_view last4) {
  std::string masked(prefix.empty() ? kSecretPrefix : prefix);
  return masked + "\u2026" + std::string(last4);
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

bool ConstantTimeEquals(const Sha256Digest& a, const Sha256Digest& b) {
  return ConstantTimeEquals(Sha256DigestBytes(a), Sha256DigestBytes(b));
}

}  // namespace keytrail
