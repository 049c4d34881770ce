// Sha256(), Sha256To(): the one SHA-256 of keytrail (secret hashes, leaf
// and node hashes of the Merkle tree, request fingerprints). OpenSSL 3's
// one-shot SHA256()/EVP_Digest(EVP_sha256()) look the digest up on every
// call, which costs more than hashing a 65-byte node or a 41-byte secret;
// this fetches it once per process and keeps one digest context per
// thread.
//
// Thread-safe.
#ifndef KEYTRAIL_DOMAIN_SHA256_H_
#define KEYTRAIL_DOMAIN_SHA256_H_

#include <initializer_list>
#include <string>
#include <string_view>

namespace keytrail {

// The 32 raw bytes of SHA-256(parts[0] || parts[1] || ...).
std::string Sha256(std::initializer_list<std::string_view> parts);

// Writes SHA-256(data) to out[0..31]; allocates nothing (the hot path of
// verification hashes every presented secret).
void Sha256To(std::string_view data, unsigned char* out);

}  // namespace keytrail

#endif  // KEYTRAIL_DOMAIN_SHA256_H_
