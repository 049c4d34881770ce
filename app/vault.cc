#include "app/vault.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>

#include "base/hex.h"

namespace keytrail::app {

namespace {

constexpr size_t kNonceBytes = 12;
constexpr size_t kTagBytes = 16;
constexpr char kMasterKeyFile[] = "master.key";

struct CipherContextDeleter {
  void operator()(EVP_CIPHER_CTX* context) const {
    EVP_CIPHER_CTX_free(context);
  }
};
using CipherContext = std::unique_ptr<EVP_CIPHER_CTX, CipherContextDeleter>;

std::optional<MasterKey> ParseHexKey(std::string_view hex) {
  MasterKey key{};
  if (!ParseHexInto(hex, key)) return std::nullopt;
  return key;
}

Result<MasterKey> CreateKeyFile(const std::string& path) {
  MasterKey key{};
  if (RAND_bytes(key.data(), key.size()) != 1) {
    return Error::Make(ErrorCode::kInternal, "no random bytes for master key");
  }
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd < 0) {
    return Error::Make(ErrorCode::kIoError,
                       "cannot create " + path + ": " + std::strerror(errno));
  }
  bool written =
      ::write(fd, key.data(), key.size()) == static_cast<ssize_t>(key.size()) &&
      ::fsync(fd) == 0;
  ::close(fd);
  if (!written) {
    return Error::Make(ErrorCode::kIoError, "cannot write " + path);
  }
  return key;
}

}  // namespace

Result<MasterKey> LoadMasterKey(const std::string& data_dir) {
  if (const char* env = std::getenv("KEYTRAIL_MASTER_KEY"); env && *env) {
    std::optional<MasterKey> key = ParseHexKey(env);
    if (!key) {
      return Error::Make(ErrorCode::kInvalid,
                         "KEYTRAIL_MASTER_KEY must be 64 hex digits");
    }
    return *key;
  }
  const std::string path = data_dir + "/" + kMasterKeyFile;
  std::ifstream in(path, std::ios::binary);
  if (!in) return CreateKeyFile(path);
  MasterKey key{};
  in.read(reinterpret_cast<char*>(key.data()), key.size());
  if (in.gcount() != static_cast<std::streamsize>(key.size()) ||
      in.peek() != std::char_traits<char>::eof()) {
    return Error::Make(ErrorCode::kCorruption,
                       path + " is not a 32-byte master key");
  }
  return key;
}

SecretVault::SecretVault(eventstore::SideTable& table, const MasterKey& key)
    : table_(table), key_(key) {}

Status SecretVault::Keep(const std::string& token_id,
                         const std::string& secret) {
  std::string record(kNonceBytes + secret.size() + kTagBytes, '\0');
  auto* bytes = reinterpret_cast<unsigned char*>(record.data());
  if (RAND_bytes(bytes, kNonceBytes) != 1) {
    return Error::Make(ErrorCode::kInternal, "no random bytes for nonce");
  }
  CipherContext context(EVP_CIPHER_CTX_new());
  int length = 0;
  bool ok =
      context &&
      EVP_EncryptInit_ex(context.get(), EVP_aes_256_gcm(), nullptr, key_.data(),
                         bytes) == 1 &&
      EVP_EncryptUpdate(context.get(), nullptr, &length,
                        reinterpret_cast<const unsigned char*>(token_id.data()),
                        static_cast<int>(token_id.size())) == 1 &&
      EVP_EncryptUpdate(context.get(), bytes + kNonceBytes, &length,
                        reinterpret_cast<const unsigned char*>(secret.data()),
                        static_cast<int>(secret.size())) == 1 &&
      EVP_EncryptFinal_ex(context.get(), bytes + kNonceBytes + length,
                          &length) == 1 &&
      EVP_CIPHER_CTX_ctrl(context.get(), EVP_CTRL_GCM_GET_TAG, kTagBytes,
                          bytes + kNonceBytes + secret.size()) == 1;
  if (!ok) return Error::Make(ErrorCode::kInternal, "AES-256-GCM failed");
  return table_.Put(token_id, record);
}

Result<std::string> SecretVault::Open(const std::string& token_id) {
  Result<std::optional<std::string>> stored = table_.Get(token_id);
  if (!stored.ok()) return stored.error();
  if (!stored.value()) {
    return Error::Make(ErrorCode::kNotFound, "no secret is kept");
  }
  const std::string& record = **stored;
  if (record.size() < kNonceBytes + kTagBytes) {
    return Error::Make(ErrorCode::kCorruption, "vault record too short");
  }
  const auto* bytes = reinterpret_cast<const unsigned char*>(record.data());
  const size_t cipher_size = record.size() - kNonceBytes - kTagBytes;
  std::string secret(cipher_size, '\0');
  CipherContext context(EVP_CIPHER_CTX_new());
  int length = 0;
  bool ok =
      context &&
      EVP_DecryptInit_ex(context.get(), EVP_aes_256_gcm(), nullptr, key_.data(),
                         bytes) == 1 &&
      EVP_DecryptUpdate(context.get(), nullptr, &length,
                        reinterpret_cast<const unsigned char*>(token_id.data()),
                        static_cast<int>(token_id.size())) == 1 &&
      EVP_DecryptUpdate(
          context.get(), reinterpret_cast<unsigned char*>(secret.data()),
          &length, bytes + kNonceBytes, static_cast<int>(cipher_size)) == 1 &&
      EVP_CIPHER_CTX_ctrl(
          context.get(), EVP_CTRL_GCM_SET_TAG, kTagBytes,
          const_cast<unsigned char*>(bytes + kNonceBytes + cipher_size)) == 1 &&
      EVP_DecryptFinal_ex(
          context.get(),
          reinterpret_cast<unsigned char*>(secret.data()) + length,
          &length) == 1;
  if (!ok) {
    return Error::Make(ErrorCode::kCorruption,
                       "vault record does not decrypt under the master key");
  }
  return secret;
}

Status SecretVault::Forget(const std::string& token_id) {
  return table_.Delete(token_id);
}

}  // namespace keytrail::app
