#include "domain/sha256.h"

#include <openssl/evp.h>

#include <cstdlib>
#include <memory>

#include "domain/hex.h"

namespace keytrail {
namespace {

const EVP_MD* Sha256Algorithm() {
  static EVP_MD* const digest = [] {
    EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    if (md == nullptr) std::abort();  // libcrypto without SHA-256
    return md;
  }();
  return digest;
}

struct ContextDeleter {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};

EVP_MD_CTX* ThreadContext() {
  thread_local std::unique_ptr<EVP_MD_CTX, ContextDeleter> ctx(
      EVP_MD_CTX_new());
  return ctx.get();
}

void HashParts(std::initializer_list<std::string_view> parts,
               unsigned char* out) {
  EVP_MD_CTX* ctx = ThreadContext();
  unsigned int length = 0;
  // These fail only on allocation failure, which the library treats as
  // fatal everywhere else too.
  bool ok =
      ctx != nullptr && EVP_DigestInit_ex2(ctx, Sha256Algorithm(), nullptr);
  for (std::string_view part : parts) {
    ok = ok && EVP_DigestUpdate(ctx, part.data(), part.size());
  }
  ok = ok && EVP_DigestFinal_ex(ctx, out, &length);
  if (!ok || length != 32) std::abort();
}

}  // namespace

std::string Sha256(std::initializer_list<std::string_view> parts) {
  std::string hash(32, '\0');
  HashParts(parts, reinterpret_cast<unsigned char*>(hash.data()));
  return hash;
}

void Sha256To(std::string_view data, unsigned char* out) {
  HashParts({data}, out);
}

struct Sha256Stream::Context {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
};

Sha256Stream::Sha256Stream() : context_(new Context) {
  if (context_->ctx == nullptr ||
      !EVP_DigestInit_ex2(context_->ctx, Sha256Algorithm(), nullptr)) {
    std::abort();  // allocation failure, fatal as in HashParts
  }
}

Sha256Stream::~Sha256Stream() {
  EVP_MD_CTX_free(context_->ctx);
  delete context_;
}

void Sha256Stream::Update(std::string_view bytes) {
  if (!EVP_DigestUpdate(context_->ctx, bytes.data(), bytes.size())) {
    std::abort();
  }
}

Sha256Digest Sha256Stream::Finish() {
  Sha256Digest digest;
  unsigned int length = 0;
  if (!EVP_DigestFinal_ex(context_->ctx, digest.data(), &length) ||
      length != digest.size()) {
    std::abort();
  }
  return digest;
}

Sha256Digest Sha256DigestOf(std::string_view data) {
  Sha256Digest digest;
  HashParts({data}, digest.data());
  return digest;
}

std::optional<Sha256Digest> ParseSha256Hex(std::string_view hex) {
  Sha256Digest digest;
  if (!ParseHexInto(hex, digest)) return std::nullopt;
  return digest;
}

std::string Sha256DigestHex(const Sha256Digest& digest) {
  return HexOf(Sha256DigestBytes(digest));
}

}  // namespace keytrail
