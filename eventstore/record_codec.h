// Encodes a RecordedEvent as the value of the `events` column family and
// decodes it back. The seq is the key, not part of the value. The grammar is
// at the top of record_codec.cc.
//
// Pure functions; thread-safe.
#ifndef KEYTRAIL_EVENTSTORE_RECORD_CODEC_H_
#define KEYTRAIL_EVENTSTORE_RECORD_CODEC_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "eventstore/event_store.h"

namespace keytrail::eventstore {

// Appends the encoding of `event` (all fields but seq) to `out`.
void EncodeRecord(const RecordedEvent& event, std::string& out);

// Decodes `data` into `event` and sets event->seq = seq. Returns false when
// `data` is not a well-formed record (truncated, unknown tag, trailing
// bytes); `event` is then unspecified.
[[nodiscard]] bool DecodeRecord(uint64_t seq, std::string_view data,
                                RecordedEvent* event);

}  // namespace keytrail::eventstore

#endif  // KEYTRAIL_EVENTSTORE_RECORD_CODEC_H_
