// ReadTimelineOffline(): a token's timeline read straight from a data
// directory, for `keytrail timeline` while the server is stopped. It opens
// the store, brings the projections and the usage table up to the log's
// head (replaying only what their checkpoints miss), finds the token and
// reads its events.
//
// The server holds the store's RocksDB LOCK while it runs, so this fails
// with kUnavailable then; the same timeline is served by
// GET /v1/accounts/{account}/tokens/{id}/timeline.
//
// Not thread-safe; one call at a time per data directory.
#ifndef KEYTRAIL_APP_OFFLINE_TIMELINE_H_
#define KEYTRAIL_APP_OFFLINE_TIMELINE_H_

#include <filesystem>
#include <string>
#include <vector>

#include "base/result.h"
#include "projections/usage_projection.h"

namespace keytrail::app {

struct OfflineTimelineRequest {
  // The server's data directory (the store is its "store" subdirectory).
  std::filesystem::path data_dir;
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

// kUnavailable: the server is running on the directory; kNotFound: no
// token matches; kInvalid: the masked form matches several tokens (the
// message lists them) or the selector is none of the above.
Result<OfflineTimeline> ReadTimelineOffline(
    const OfflineTimelineRequest& request);

// A table for a terminal: SEQ, TIME, TYPE, ACTOR, DETAILS (the event data,
// shortened).
std::string FormatTimelineTable(const OfflineTimeline& timeline);

}  // namespace keytrail::app

#endif  // KEYTRAIL_APP_OFFLINE_TIMELINE_H_
