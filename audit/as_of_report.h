// AsOfReport(): keytrail as-of — the tokens, groups or users as they were
// right after one event, folded from the log by projections'
// PointInTimeViews, rendered with the same JSON renderers as the API (so
// --json prints what GET .../tokens?as_of= would), or as a table.
//
// Thread-safe if `store` is (it is).
#ifndef KEYTRAIL_AUDIT_AS_OF_REPORT_H_
#define KEYTRAIL_AUDIT_AS_OF_REPORT_H_

#include <string>

#include "base/result.h"
#include "eventstore/event_store.h"

namespace keytrail::audit {

enum class AsOfView { kTokens, kGroups, kUsers };

struct AsOfRequest {
  // A seq or an RFC 3339 time (projections::ParseAsOf).
  std::string point;
  AsOfView view = AsOfView::kTokens;
  // One account, or every account when empty. Default: "".
  std::string account;
  // JSON ({"as_of", "seq", "items": [...]}) instead of a table.
  bool json = false;
};

// The report text, ending in a newline. kInvalid for a bad point or a seq
// beyond the log; kNotFound for an account that did not exist then.
Result<std::string> AsOfReport(eventstore::EventStore& store,
                               const AsOfRequest& request);

}  // namespace keytrail::audit

#endif  // KEYTRAIL_AUDIT_AS_OF_REPORT_H_
