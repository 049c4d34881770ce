// SignedTreeHead: a root of the log's Merkle tree, signed with the server's
// AuditKey over the bytes of audit_format.h; and HeadLog, the heads kept in
// the side table kHeadsTable so that an auditor can hold an old head
// against a new one.
//
// JSON form (GET /v1/audit/head, the last line of an export):
//   {"root_hash": hex, "signature": hex, "timestamp": RFC 3339,
//    "tree_size": N}
//
// Thread safety: SignedTreeHead is a value (intentionally copyable); a
// HeadLog may be used from any thread (the side table is thread-safe).
#ifndef KEYTRAIL_AUDIT_TREE_HEAD_H_
#define KEYTRAIL_AUDIT_TREE_HEAD_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"
#include "base/time.h"
#include "eventstore/event_store.h"
#include "audit/audit_key.h"

namespace keytrail::audit {

struct SignedTreeHead {
  uint64_t tree_size = 0;
  std::string root_hash;  // 32 raw bytes
  Micros timestamp = 0;
  std::string signature;  // 64 raw bytes
};

// The bytes a head's signature covers (audit_format.h).
std::string SignedBytes(uint64_t tree_size, std::string_view root_hash,
                        Micros timestamp);

// A head over `root_hash` of `tree_size` events at `timestamp`.
SignedTreeHead SignHead(const AuditKey& key, uint64_t tree_size,
                        std::string root_hash, Micros timestamp);

// True when `head` is signed by the raw Ed25519 key `public_key`.
bool VerifyHead(const SignedTreeHead& head, std::string_view public_key);

// The JSON form above, canonical (RFC 8785).
std::string HeadJson(const SignedTreeHead& head);

// Parses the JSON form. kInvalid naming the field that is missing or bad.
Result<SignedTreeHead> ParseHeadJson(std::string_view text);

class HeadLog {
 public:
  // `table` must outlive the log.
  explicit HeadLog(eventstore::SideTable& table) : table_(table) {}

  // Keeps `head` and makes it the latest.
  Status Put(const SignedTreeHead& head);
  // The head kept last; nullopt when none.
  Result<std::optional<SignedTreeHead>> Latest();
  // The head of exactly `tree_size` events; nullopt when none was kept.
  Result<std::optional<SignedTreeHead>> At(uint64_t tree_size);
  // Calls `visit` for every head in tree_size order until it returns false.
  Status ForEach(const std::function<bool(const SignedTreeHead&)>& visit);

 private:
  eventstore::SideTable& table_;
};

}  // namespace keytrail::audit

#endif  // KEYTRAIL_AUDIT_TREE_HEAD_H_
