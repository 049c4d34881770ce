#include "routes/timeline_json.h"

#include "projections/render.h"

namespace keytrail::http {

boost::json::object ActorJson(const Actor& actor) {
  return {{"token", OptionalStringJson(actor.token_id)},
          {"user", OptionalStringJson(actor.user_id)},
          {"ip", OptionalStringJson(actor.ip)}};
}

boost::json::object TimelineEntryJson(const TimelineEntry& entry) {
  return {{"seq", entry.seq},
          {"time", TimeJson(entry.time)},
          {"type", entry.type},
          {"actor", ActorJson(entry.actor)},
          {"data", boost::json::parse(entry.data_json)}};
}

}  // namespace keytrail::http
