// The audit log as GET /v1/audit serves it (docs/api.md §5): every event as its
// audit JSON, the canonical envelope of its leaf hash plus "leaf_hash"
// (eventstore/leaf_hash.h), and the reading of pages of it with filters.
//
// An event's `data` is rendered from its payload (decoded, upcast) with the
// domain's EventData, as it was rendered at append time: so the leaf hash
// covers exactly what the projections fold, and a payload altered on disk
// no longer matches its hash. An upcaster must therefore leave the EventData
// of old events unchanged (docs/auditing.md).
//
// Thread-safe (pure functions over a thread-safe store).
#ifndef KEYTRAIL_AUDIT_AUDIT_EVENTS_H_
#define KEYTRAIL_AUDIT_AUDIT_EVENTS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "eventstore/event_store.h"

namespace keytrail::audit {

// The canonical data JSON of a stored event (kCorruption when its payload
// does not decode).
Result<std::string> AuditDataJson(const eventstore::RecordedEvent& event);

struct AuditItem {
  uint64_t seq = 0;
  std::string account;  // the account whose audit view holds the event
  std::string json;     // canonical audit JSON, with leaf_hash
};

Result<AuditItem> RenderAuditItem(const eventstore::RecordedEvent& event);

// Which events a reader sees; an empty field matches everything.
struct AuditFilter {
  std::string account;
  std::string type;
  std::string stream;
};

struct AuditPageRequest {
  uint64_t after_seq = 0;
  // Last seq to look at (0: the log's head).
  uint64_t to_seq = 0;
  // Most items returned. Default: 50.
  size_t limit = 50;
  // Most events looked at, matching or not, so that a filter matching few
  // events cannot make one request scan the whole log. Default: 10,000.
  size_t scan_limit = 10'000;
};

struct AuditPage {
  std::vector<AuditItem> items;
  // Pass as after_seq to continue: the last seq looked at.
  uint64_t next_after_seq = 0;
  // True when events beyond next_after_seq (up to to_seq) remain.
  bool more = false;
};

Result<AuditPage> ReadAuditPage(eventstore::EventStore& store,
                                const AuditFilter& filter,
                                const AuditPageRequest& request);

// {"items": [...], "next_after_seq": N, "next_cursor": "N" | null}: the
// body of GET /v1/audit (next_cursor is null at the end of the log).
std::string AuditPageJson(const AuditPage& page);

}  // namespace keytrail::audit

#endif  // KEYTRAIL_AUDIT_AUDIT_EVENTS_H_
