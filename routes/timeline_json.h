// The JSON of a timeline entry (docs/api.md §5), shared by the timeline route
// and `keytrail timeline --json`:
//   {"seq", "time", "type", "actor": {"token", "user", "ip"}, "data"}
// where data is the event's canonical JSON data (domain/event_json.h); a
// usage event adds "use": its use window (use_window.h), flagged
// "after_revoke" against `revoked_at`, the token's revoke time (RevokedAt).
// Thread-safe (pure).
#ifndef KEYTRAIL_ROUTES_TIMELINE_JSON_H_
#define KEYTRAIL_ROUTES_TIMELINE_JSON_H_

#include <boost/json.hpp>
#include <optional>

#include "base/time.h"
#include "domain/types.h"
#include "projections/usage_projection.h"

namespace keytrail::http {

boost::json::object ActorJson(const Actor& actor);
boost::json::object TimelineEntryJson(const projections::TimelineEntry& entry,
                                      std::optional<Micros> revoked_at);

}  // namespace keytrail::http

#endif  // KEYTRAIL_ROUTES_TIMELINE_JSON_H_
