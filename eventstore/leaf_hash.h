// The leaf hash of an event (API.md §5): SHA-256(0x00 || JCS(envelope)),
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
#include <string>

#include "eventstore/event_store.h"

namespace keytrail::eventstore {

// The canonical JSON envelope that LeafHash() hashes.
std::string LeafEnvelope(uint64_t seq, const std::string& stream,
                         uint64_t version, const NewEvent& event);

// The 32 raw bytes of SHA-256(0x00 || LeafEnvelope(...)).
std::string LeafHash(uint64_t seq, const std::string& stream, uint64_t version,
                     const NewEvent& event);

}  // namespace keytrail::eventstore

#endif  // KEYTRAIL_EVENTSTORE_LEAF_HASH_H_
