// The byte formats of keytrail's audit trail outside the event store, in
// one place (docs/auditing.md explains them to auditors):
//
// Signed tree head. The Ed25519 signature covers exactly
//
//   signed    := kTreeHeadContext 0x00 BE64(tree_size) root_hash[32]
//                BE64(timestamp)
//   timestamp := microseconds since the Unix epoch, UTC (the head's
//                "timestamp", served as RFC 3339 with microseconds)
//
// The context string keeps a head signature from meaning anything else.
//
// Side table kHeadsTable: one entry per published head, never rewritten,
// and a pointer to the latest, both written in one atomic Write:
//
//   kHeadKeyPrefix BE64(tree_size)  ->  BE64(timestamp) root_hash[32]
//                                       signature[64]
//   kLatestHeadKey                  ->  BE64(tree_size)
//
// Key files in the data directory: kPrivateKeyFile (PKCS#8 PEM, mode 0600)
// and kPublicKeyFile (SubjectPublicKeyInfo PEM), made on first start.
#ifndef KEYTRAIL_AUDIT_AUDIT_FORMAT_H_
#define KEYTRAIL_AUDIT_AUDIT_FORMAT_H_

#include <cstddef>
#include <string_view>

namespace keytrail::audit {

inline constexpr std::string_view kTreeHeadContext = "keytrail-tree-head-v1";
inline constexpr std::string_view kHeadsTable = "audit_heads";
inline constexpr std::string_view kHeadKeyPrefix = "h";
inline constexpr std::string_view kLatestHeadKey = "latest";
inline constexpr std::string_view kPrivateKeyFile = "audit_key.pem";
inline constexpr std::string_view kPublicKeyFile = "audit_key.pub";

inline constexpr size_t kHashSize = 32;
inline constexpr size_t kPublicKeySize = 32;  // raw Ed25519
inline constexpr size_t kSignatureSize = 64;  // Ed25519
inline constexpr size_t kHeadValueSize = 8 + kHashSize + kSignatureSize;

// Where KeytrailService keeps the event store inside the data directory.
inline constexpr std::string_view kStoreDir = "store";

}  // namespace keytrail::audit

#endif  // KEYTRAIL_AUDIT_AUDIT_FORMAT_H_
