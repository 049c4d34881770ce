// The append contract's checks (event_store.h), shared by every store's
// writer so that RocksDB and PostgreSQL judge an append the same way:
// what a valid call is, whether a stream matches the expected version, and
// when a call whose event ids are already stored is a retry (the first
// call's result) or a conflict.
//
// Pure functions; thread-safe.
#ifndef KEYTRAIL_EVENTSTORE_APPEND_RULES_H_
#define KEYTRAIL_EVENTSTORE_APPEND_RULES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "eventstore/event_store.h"

namespace keytrail::eventstore {

// Where a stored event id sits.
struct IdLocation {
  std::string stream;
  uint64_t version = 0;
  uint64_t seq = 0;
};

// kInvalid for an empty or NUL-holding stream, no events, an event without
// id or type, or an id twice in the call.
Status ValidateAppend(const std::string& stream,
                      const std::vector<NewEvent>& events);

// Whether a stream whose last version is `head` (nullopt: no stream)
// satisfies `expected`.
bool MatchesExpected(const ExpectedVersion& expected,
                     std::optional<uint64_t> head);

// The kConflict of an append to `stream` at `head` that expected `expected`.
Error ExpectedVersionConflict(const std::string& stream,
                              const ExpectedVersion& expected,
                              std::optional<uint64_t> head);

// The outcome of a call of `event_count` events to `stream` some of whose
// ids are stored: `found` holds the locations of the stored ones, in the
// call's order, and `first_found_id` the first such id. The first call's
// result when every id sits at the same place (one earlier append, in
// order, where `expected` puts it), else a kConflict naming the stream's
// `head`.
Result<AppendResult> RetryOutcome(const std::string& stream,
                                  const ExpectedVersion& expected,
                                  size_t event_count,
                                  const std::vector<IdLocation>& found,
                                  const std::string& first_found_id,
                                  std::optional<uint64_t> head);

// `event` as stored at `seq`, `version` of `stream` with `leaf_hash`; its
// payload is moved out of `event`.
RecordedEvent RecordOf(NewEvent& event, uint64_t seq, const std::string& stream,
                       uint64_t version, std::string leaf_hash);

}  // namespace keytrail::eventstore

#endif  // KEYTRAIL_EVENTSTORE_APPEND_RULES_H_
