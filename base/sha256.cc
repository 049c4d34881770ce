#include "base/sha256.h"

#include <openssl/evp.h>

#include <cstdlib>
#include <memory>

#include "base/hex.h"

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

// The three steps of a digest. They fail only on allocation failure,
// which the library treats as fatal everywhere else too.
void Begin(EVP_MD_CTX* ctx) {
  if (ctx == nullptr || !EVP_DigestInit_ex2(ctx, Sha256Algorithm(), nullptr)) {
    std::abort();
  }
}

void Add(EVP_MD_CTX* ctx, std::string_view bytes) {
  if (!EVP_DigestUpdate(ctx, bytes.data(), bytes.size())) std::abort();
}

void End(EVP_MD_CTX* ctx, unsigned char* out) {
  unsigned int length = 0;
  if (!EVP_DigestFinal_ex(ctx, out, &length) || length != 32) std::abort();
}

struct ContextDeleter {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};
using Context = std::unique_ptr<EVP_MD_CTX, ContextDeleter>;

void HashParts(std::initializer_list<std::string_view> parts,
               unsigned char* out) {
  thread_local Context ctx(EVP_MD_CTX_new());
  Begin(ctx.get());
  for (std::string_view part : parts) Add(ctx.get(), part);
  End(ctx.get(), out);
}

}  // namespace

std::string Sha256(std::initializer_list<std::string_view> parts) {
  std::string hash(32, '\0');
  HashParts(parts, reinterpret_cast<unsigned char*>(hash.data()));
  return hash;
}

struct Sha256Stream::State {
  Context ctx{EVP_MD_CTX_new()};
};

Sha256Stream::Sha256Stream() : state_(std::make_unique<State>()) {
  Begin(state_->ctx.get());
}

Sha256Stream::~Sha256Stream() = default;

void Sha256Stream::Update(std::string_view bytes) {
  Add(state_->ctx.get(), bytes);
}

Sha256Digest Sha256Stream::Finish() {
  Sha256Digest digest;
  End(state_->ctx.get(), digest.data());
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
