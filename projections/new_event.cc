#include "projections/new_event.h"

#include <utility>

#include "domain/event_codec.h"

namespace keytrail::projections {

eventstore::NewEvent ToNewEvent(const Event& event, Micros time, Actor actor,
                                std::string idempotency_key) {
  EncodedEvent encoded = EncodeEvent(event);
  eventstore::NewEvent out;
  out.id = eventstore::NewEventId();
  out.type = std::move(encoded.type);
  out.schema_version = encoded.schema_version;
  out.time = time;
  out.actor = std::move(actor);
  out.payload = std::move(encoded.payload);
  out.data_json = std::move(encoded.data_json);
  out.idempotency_key = std::move(idempotency_key);
  return out;
}

}  // namespace keytrail::projections
