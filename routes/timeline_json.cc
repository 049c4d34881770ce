#include "routes/timeline_json.h"

#include "projections/render.h"
#include "projections/use_window.h"

namespace keytrail::http {

boost::json::object ActorJson(const Actor& actor) {
  return {{"token", projections::OptionalStringJson(actor.token_id)},
          {"user", projections::OptionalStringJson(actor.user_id)},
          {"ip", projections::OptionalStringJson(actor.ip)}};
}

boost::json::object TimelineEntryJson(const projections::TimelineEntry& entry,
                                      std::optional<Micros> revoked_at) {
  boost::json::object out{{"seq", entry.seq},
                          {"time", projections::TimeJson(entry.time)},
                          {"type", entry.type},
                          {"actor", ActorJson(entry.actor)},
                          {"data", boost::json::parse(entry.data_json)}};
  if (std::optional<projections::UseWindow> use =
          projections::UseWindowOf(entry, revoked_at)) {
    out["use"] = projections::UseWindowJson(*use);
  }
  return out;
}

}  // namespace keytrail::http
