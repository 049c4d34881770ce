// The leaf hash of an event (docs/api.md §5): SHA-256(0x00 || JCS(envelope)),
// where the envelope is the /v1/audit JSON of the event without leaf_hash:
//
//   {"actor":{"ip":..,"token":..,"user":..},"data":<data_json>,"seq":N,
//    "stream":"..","time":"<RFC 3339>","type":"..","version":V}
//
// Empty actor fields are JSON null. `data_json` must already be canonical
// JSON (it is copied verbatim); an empty `data_json` is hashed as {}. The
// 0x00 prefix is RFC 6962's leaf domain separator, so an auditor can
// recompute the hash and the Merkle tree with no keytrail code.
//
// Pure functions; thread-safe.
#ifndef KEYTRAIL_EVENTSTORE_LEAF_HASH_H_
#define KEYTRAIL_EVENTSTORE_LEAF_HASH_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/time.h"
#include "domain/types.h"
#include "eventstore/event_store.h"

namespace keytrail::eventstore {

// Everything the envelope holds. The views must outlive the call.
struct LeafFields {
  uint64_t seq = 0;
  std::string_view stream;
  uint64_t version = 0;
  std::string_view type;
  Micros time = 0;
  const Actor* actor = nullptr;  // required
  std::string_view data_json;    // canonical JSON; empty means {}
};

// The fields of a stored event whose data renders as `data_json`.
LeafFields LeafFieldsOf(const RecordedEvent& event, std::string_view data_json);

// The canonical JSON envelope that LeafHash() hashes.
std::string LeafEnvelope(const LeafFields& fields);
std::string LeafEnvelope(uint64_t seq, const std::string& stream,
                         uint64_t version, const NewEvent& event);

// The 32 raw bytes of SHA-256(0x00 || LeafEnvelope(...)).
std::string LeafHash(const LeafFields& fields);
std::string LeafHash(uint64_t seq, const std::string& stream, uint64_t version,
                     const NewEvent& event);

// The /v1/audit item of an event: the envelope plus "leaf_hash" (lowercase
// hex of the 32 raw bytes `leaf_hash`), still canonical JSON.
std::string AuditItemJson(const LeafFields& fields, std::string_view leaf_hash);

}  // namespace keytrail::eventstore

#endif  // KEYTRAIL_EVENTSTORE_LEAF_HASH_H_
