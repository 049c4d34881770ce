// ToNewEvent(): a domain event as the event store appends it, the one place
// where an Event is encoded (cereal payload and RFC 8785 JSON, both from
// domain/event_fields.h) and given a fresh id.
//
// Pure apart from the id (eventstore::NewEventId(): time and CSPRNG).
// Thread-safe.
#ifndef KEYTRAIL_PROJECTIONS_NEW_EVENT_H_
#define KEYTRAIL_PROJECTIONS_NEW_EVENT_H_

#include <string>

#include "domain/events.h"
#include "base/time.h"
#include "domain/types.h"
#include "eventstore/event_store.h"

namespace keytrail::projections {

// `event` encoded, stamped `time`, done by `actor`, with a fresh event id
// and `idempotency_key` (empty: none) stored beside it.
eventstore::NewEvent ToNewEvent(const Event& event, Micros time, Actor actor,
                                std::string idempotency_key = {});

}  // namespace keytrail::projections

#endif  // KEYTRAIL_PROJECTIONS_NEW_EVENT_H_
