// AuditKey: the server's Ed25519 key pair that signs tree heads (OpenSSL
// EVP_PKEY_ED25519). The private key lives in the data directory
// (audit_format.h: kPrivateKeyFile, mode 0600), the public key beside it
// (kPublicKeyFile) for operators to hand to auditors; both are made on the
// first start and never change.
//
// Also the free functions an auditor's tools need: the public key's forms
// and Ed25519 verification.
//
// Thread safety: an AuditKey is immutable; Sign() may be called from any
// thread. Intentionally copyable (the key is shared).
#ifndef KEYTRAIL_AUDIT_AUDIT_KEY_H_
#define KEYTRAIL_AUDIT_AUDIT_KEY_H_

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "base/result.h"

namespace keytrail::audit {

class AuditKey {
 public:
  // Loads the key pair of `data_dir`, creating it when the private key file
  // is missing. kIoError when a file cannot be written; kCorruption when
  // the key file holds no Ed25519 private key.
  static Result<AuditKey> LoadOrCreate(const std::filesystem::path& data_dir);
  // Loads it; kNotFound when `data_dir` has no key.
  static Result<AuditKey> Load(const std::filesystem::path& data_dir);

  // The 64-byte Ed25519 signature of `message`.
  std::string Sign(std::string_view message) const;
  // The raw 32-byte public key.
  const std::string& public_key() const { return public_key_; }

 private:
  struct Pkey;
  AuditKey(std::shared_ptr<Pkey> key, std::string public_key)
      : key_(std::move(key)), public_key_(std::move(public_key)) {}

  std::shared_ptr<Pkey> key_;
  std::string public_key_;
};

// The SubjectPublicKeyInfo PEM of the raw 32-byte Ed25519 key `raw`.
std::string PublicKeyPem(std::string_view raw);

// The raw 32-byte key from `text`: a PEM public key (what PublicKeyPem()
// and /v1/audit/public-key give) or 64 hex digits. kInvalid otherwise.
Result<std::string> ParsePublicKey(std::string_view text);

// True when `signature` is a valid Ed25519 signature of `message` by the
// raw 32-byte key `public_key`.
bool VerifySignature(std::string_view public_key, std::string_view message,
                     std::string_view signature);

}  // namespace keytrail::audit

#endif  // KEYTRAIL_AUDIT_AUDIT_KEY_H_
