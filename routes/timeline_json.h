// The JSON of a timeline entry (docs/api.md §5), shared by the timeline route and
// `keytrail timeline --json`:
//   {"seq", "time", "type", "actor": {"token", "user", "ip"}, "data"}
// where data is the event's canonical JSON data (domain/event_json.h).
// Thread-safe (pure).
#ifndef KEYTRAIL_ROUTES_TIMELINE_JSON_H_
#define KEYTRAIL_ROUTES_TIMELINE_JSON_H_

#include <boost/json.hpp>

#include "domain/types.h"
#include "projections/usage_projection.h"

namespace keytrail::http {

boost::json::object ActorJson(const Actor& actor);
boost::json::object TimelineEntryJson(const TimelineEntry& entry);

}  // namespace keytrail::http

#endif  // KEYTRAIL_ROUTES_TIMELINE_JSON_H_
