// ExportAudit(): the audit log as JSON lines for an auditor (keytrail
// export). docs/auditing.md describes the format to auditors:
//
//   <event>      one line per exported event, exactly the /v1/audit item
//   ...
//   {"omitted":[{"first_seq":A,"hash":H,"last_seq":B}, ...]}
//   <head>       the signed tree head (tree_head.h JSON)
//
// The head's tree covers every exported event. "omitted" gives, for the
// parts of that tree that hold no exported event, the root hash of the
// subtree of events A..B, each a range that RFC 6962's recursive
// definition of the tree's hash reaches (so an auditor's MTH(lo, hi) can
// stop there). With them and the exported events' leaf hashes the head's
// root is recomputed without keytrail; a full export omits nothing.
//
// The head is the latest one kept if it covers the export; otherwise a new
// head of the whole log is signed with `key` and kept, as the server would.
// Without a key (a backup) and without to_seq, the export stops at the
// latest kept head.
//
// Thread-safe if `store` and `heads` are (they are); `out` is the caller's.
#ifndef KEYTRAIL_AUDIT_AUDIT_EXPORT_H_
#define KEYTRAIL_AUDIT_AUDIT_EXPORT_H_

#include <cstdint>
#include <functional>
#include <ostream>
#include <string>

#include "base/result.h"
#include "base/time.h"
#include "eventstore/event_store.h"
#include "audit/audit_key.h"
#include "audit/tree_head.h"

namespace keytrail::audit {

struct ExportOptions {
  // Only the events of this account (empty: every event). Default: "".
  std::string account;
  // First and last seq exported (to_seq 0: the log's head). Default: all.
  uint64_t from_seq = 1;
  uint64_t to_seq = 0;
  // Called now and then with (events looked at, events to look at).
  std::function<void(uint64_t done, uint64_t total)> progress;
};

struct ExportSummary {
  uint64_t events = 0;   // event lines written
  uint64_t omitted = 0;  // entries of the "omitted" line
  SignedTreeHead head;   // the last line
};

// Writes the export of `store` to `out`. `key` may be null (a backup has
// none): the latest kept head must then cover the export (kNotFound
// otherwise). `now` stamps a newly signed head.
Result<ExportSummary> ExportAudit(eventstore::EventStore& store, HeadLog& heads,
                                  const AuditKey* key, Micros now,
                                  const ExportOptions& options,
                                  std::ostream& out);

}  // namespace keytrail::audit

#endif  // KEYTRAIL_AUDIT_AUDIT_EXPORT_H_
