// The canonical JSON `data` object of each event (docs/api.md §5, §7): what the
// audit log serves, and what the leaf hash covers. Keys are the event's field
// names; empty optional strings and nullopt render as null; times as RFC 3339
// strings (FormatRfc3339); enums as their API strings ("api", "personal",
// "revealable"); a plan's max_active_tokens is null when unlimited.
//
// The field lists live in event_fields.h, shared with the binary payload.
#ifndef KEYTRAIL_DOMAIN_EVENT_JSON_H_
#define KEYTRAIL_DOMAIN_EVENT_JSON_H_

#include "base/canonical_json.h"
#include "domain/events.h"

namespace keytrail {

// Returns the `data` object of `event`; Serialize() it for the JCS text.
JsonValue EventData(const Event& event);

// The JSON forms of the value types, as nested in event data and served by
// the account resource (GET /v1/accounts/{account}).
JsonValue PlanJson(const Plan& plan);
JsonValue SettingsJson(const AccountSettings& settings);

}  // namespace keytrail

#endif  // KEYTRAIL_DOMAIN_EVENT_JSON_H_
