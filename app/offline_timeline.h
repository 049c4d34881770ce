// ReadTimelineOffline(): a token's timeline read straight from a store, for
// `keytrail timeline` (a RocksDB store while the server is stopped, or a
// cluster's PostgreSQL store at any time). It brings the projections and the
// usage table up to the log's head (replaying only what their checkpoints
// miss), finds the token and reads its events. The same timeline is served
// by GET /v1/accounts/{account}/tokens/{id}/timeline.
//
// Not thread-safe; one call at a time per store.
#ifndef KEYTRAIL_APP_OFFLINE_TIMELINE_H_
#define KEYTRAIL_APP_OFFLINE_TIMELINE_H_

#include <filesystem>
#include <string>
#include <vector>

#include "base/result.h"
#include "eventstore/event_store.h"
#include "projections/usage_projection.h"

namespace keytrail::app {

struct OfflineTimelineRequest {
  // A token id ("tok_..."), a whole secret ("kt_..." or of another prefix,
  // "acme_live_..."), or the masked form of one ("kt_…abcd" or
  // "kt_...abcd": matched by its last four characters).
  std::string selector;
  projections::TimeWindow window;
};

struct OfflineTimeline {
  std::string token_id;
  std::string account_id;
  std::string name;
  std::vector<projections::TimelineEntry> entries;  // oldest first
  std::optional<Micros> revoked_at;  // projections::RevokedAt() of the token
};

// kNotFound: no token matches; kInvalid: the masked form matches several
// tokens (the message lists them) or the selector is none of the above; the
// store's error when it cannot be read.
Result<OfflineTimeline> ReadTimelineOffline(
    eventstore::EventStore& store, const OfflineTimelineRequest& request);

// A table for a terminal: SEQ, TIME, TYPE, ACTOR, DETAILS (the event data,
// shortened).
std::string FormatTimelineTable(const OfflineTimeline& timeline);

}  // namespace keytrail::app

#endif  // KEYTRAIL_APP_OFFLINE_TIMELINE_H_
