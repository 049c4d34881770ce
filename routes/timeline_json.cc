#include "routes/timeline_json.h"

#include "projections/render.h"
#include "http/verify/use_window.h"

namespace keytrail::http {

boost::json::object ActorJson(const Actor& actor) {
  return {{"token", OptionalStringJson(actor.token_id)},
          {"user", OptionalStringJson(actor.user_id)},
          {"ip", OptionalStringJson(actor.ip)}};
}

boost::json::object TimelineEntryJson(const TimelineEntry& entry,
                                      std::optional<Micros> revoked_at) {
  boost::json::object out{{"seq", entry.seq},
                          {"time", TimeJson(entry.time)},
                          {"type", entry.type},
                          {"actor", ActorJson(entry.actor)},
                          {"data", boost::json::parse(entry.data_json)}};
  if (std::optional<UseWindow> use = UseWindowOf(entry, revoked_at)) {
    out["use"] = UseWindowJson(*use);
  }
  return out;
}

}  // namespace keytrail::http
