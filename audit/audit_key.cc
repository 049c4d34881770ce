#include "audit/audit_key.h"

#include <fcntl.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>
#include <system_error>

#include "base/hex.h"
#include "audit/audit_format.h"

namespace keytrail::audit {

struct AuditKey::Pkey {
  explicit Pkey(EVP_PKEY* key) : pkey(key) {}
  ~Pkey() { EVP_PKEY_free(pkey); }
  Pkey(const Pkey&) = delete;
  Pkey& operator=(const Pkey&) = delete;
  EVP_PKEY* pkey;
};

namespace {

namespace fs = std::filesystem;

using BioPtr = std::unique_ptr<BIO, decltype(&BIO_free)>;
using KeyPtr = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;

Error IoError(const fs::path& path, std::string_view what) {
  return Error::Make(ErrorCode::kIoError, "cannot " + std::string(what) + " " +
                                              path.string() + ": " +
                                              std::strerror(errno));
}

// Everything a memory BIO holds.
std::string BioText(BIO* bio) {
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio, &data);
  return std::string(data, size > 0 ? static_cast<size_t>(size) : 0);
}

std::string RawPublicKey(EVP_PKEY* key) {
  std::string raw(kPublicKeySize, '\0');
  size_t size = raw.size();
  if (EVP_PKEY_get_raw_public_key(
          key, reinterpret_cast<unsigned char*>(raw.data()), &size) != 1 ||
      size != kPublicKeySize) {
    return {};
  }
  return raw;
}

// Writes `text` to `path` with `mode`, atomically: a temporary file is
// written, synced and renamed, so a crash never leaves half a key.
Status WriteFileAtomically(const fs::path& path, const std::string& text,
                           mode_t mode) {
  const fs::path temporary = path.string() + ".tmp";
  const int fd =
      ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (fd < 0) return IoError(temporary, "create");
  const bool written = ::write(fd, text.data(), text.size()) ==
                           static_cast<ssize_t>(text.size()) &&
                       ::fchmod(fd, mode) == 0 && ::fsync(fd) == 0;
  ::close(fd);
  if (!written) return IoError(temporary, "write");
  if (::rename(temporary.c_str(), path.c_str()) != 0) {
    return IoError(path, "rename into");
  }
  const int dir = ::open(path.parent_path().c_str(), O_RDONLY | O_CLOEXEC);
  if (dir >= 0) {
    ::fsync(dir);  // best effort: the key is rewritten if it is lost
    ::close(dir);
  }
  return OkStatus();
}

Result<KeyPtr> CreateKeyFiles(const fs::path& data_dir) {
  KeyPtr key(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"), &EVP_PKEY_free);
  BioPtr pem(BIO_new(BIO_s_mem()), &BIO_free);
  if (key == nullptr || pem == nullptr ||
      PEM_write_bio_PrivateKey(pem.get(), key.get(), nullptr, nullptr, 0,
                               nullptr, nullptr) != 1) {
    return Error::Make(ErrorCode::kInternal, "cannot make an Ed25519 key");
  }
  // The public file first: a crash in between leaves no private key, so the
  // next start makes a new pair rather than keep a mismatched public file.
  Status written = WriteFileAtomically(
      data_dir / kPublicKeyFile, PublicKeyPem(RawPublicKey(key.get())), 0644);
  if (written.ok()) {
    written = WriteFileAtomically(data_dir / kPrivateKeyFile,
                                  BioText(pem.get()), 0600);
  }
  if (!written.ok()) return written.error();
  return key;
}

Result<KeyPtr> ReadPrivateKey(const fs::path& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return IoError(path, "read");
  std::stringstream text;
  text << file.rdbuf();
  const std::string pem = text.str();
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())),
             &BIO_free);
  KeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr),
             &EVP_PKEY_free);
  if (key == nullptr || EVP_PKEY_get_id(key.get()) != EVP_PKEY_ED25519) {
    return Error::Make(ErrorCode::kCorruption,
                       path.string() + " holds no Ed25519 private key");
  }
  return key;
}

}  // namespace

Result<AuditKey> AuditKey::Load(const fs::path& data_dir) {
  const fs::path path = data_dir / kPrivateKeyFile;
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    return Error::Make(ErrorCode::kNotFound,
                       "no audit key in " + data_dir.string());
  }
  Result<KeyPtr> key = ReadPrivateKey(path);
  if (!key.ok()) return key.error();
  std::string public_key = RawPublicKey(key->get());
  return AuditKey(std::make_shared<Pkey>(key->release()),
                  std::move(public_key));
}

Result<AuditKey> AuditKey::LoadOrCreate(const fs::path& data_dir) {
  std::error_code ec;
  if (fs::exists(data_dir / kPrivateKeyFile, ec)) return Load(data_dir);
  Result<KeyPtr> key = CreateKeyFiles(data_dir);
  if (!key.ok()) return key.error();
  std::string public_key = RawPublicKey(key->get());
  return AuditKey(std::make_shared<Pkey>(key->release()),
                  std::move(public_key));
}

std::string AuditKey::Sign(std::string_view message) const {
  std::string signature(kSignatureSize, '\0');
  size_t size = signature.size();
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(),
                                                              &EVP_MD_CTX_free);
  const bool signed_ok =
      ctx != nullptr &&
      EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key_->pkey) ==
          1 &&
      EVP_DigestSign(ctx.get(),
                     reinterpret_cast<unsigned char*>(signature.data()), &size,
                     reinterpret_cast<const unsigned char*>(message.data()),
                     message.size()) == 1;
  // Ed25519 signing fails only when memory runs out; an empty signature
  // then fails every verification instead of passing as a good one.
  return signed_ok && size == kSignatureSize ? signature : std::string();
}

std::string PublicKeyPem(std::string_view raw) {
  KeyPtr key(
      EVP_PKEY_new_raw_public_key(
          EVP_PKEY_ED25519, nullptr,
          reinterpret_cast<const unsigned char*>(raw.data()), raw.size()),
      &EVP_PKEY_free);
  BioPtr bio(BIO_new(BIO_s_mem()), &BIO_free);
  if (key == nullptr || bio == nullptr ||
      PEM_write_bio_PUBKEY(bio.get(), key.get()) != 1) {
    return {};
  }
  return BioText(bio.get());
}

Result<std::string> ParsePublicKey(std::string_view text) {
  std::string_view trimmed = text;
  while (!trimmed.empty() &&
         std::isspace(static_cast<unsigned char>(trimmed.back()))) {
    trimmed.remove_suffix(1);
  }
  if (std::optional<std::string> raw = ParseHex(trimmed);
      raw && raw->size() == kPublicKeySize) {
    return *raw;
  }
  BioPtr bio(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())),
             &BIO_free);
  KeyPtr key(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr),
             &EVP_PKEY_free);
  if (key == nullptr || EVP_PKEY_get_id(key.get()) != EVP_PKEY_ED25519) {
    return Error::Invalid("public_key",
                          "is neither an Ed25519 PEM public key nor 64 hex "
                          "digits");
  }
  return RawPublicKey(key.get());
}

bool VerifySignature(std::string_view public_key, std::string_view message,
                     std::string_view signature) {
  if (public_key.size() != kPublicKeySize ||
      signature.size() != kSignatureSize) {
    return false;
  }
  KeyPtr key(EVP_PKEY_new_raw_public_key(
                 EVP_PKEY_ED25519, nullptr,
                 reinterpret_cast<const unsigned char*>(public_key.data()),
                 public_key.size()),
             &EVP_PKEY_free);
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(),
                                                              &EVP_MD_CTX_free);
  return key != nullptr && ctx != nullptr &&
         EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr,
                              key.get()) == 1 &&
         EVP_DigestVerify(
             ctx.get(),
             reinterpret_cast<const unsigned char*>(signature.data()),
             signature.size(),
             reinterpret_cast<const unsigned char*>(message.data()),
             message.size()) == 1;
}

}  // namespace keytrail::audit
