// AuditStore(): keytrail verify-store. Runs eventstore's VerifyStore() on
// the store of a data directory or backup (every leaf recomputed from its
// event's data, every tree node from its children), then, when that holds,
// checks every signed tree head kept with the store: its signature (with
// the data directory's key; a bare backup has none) and its root against
// the tree of the same size. A head that does not match narrows an
// undetectable-by-the-tree rewrite down to the events after the last head
// that does.
//
// The server must be stopped (kUnavailable otherwise). Not thread-safe.
#ifndef KEYTRAIL_AUDIT_STORE_AUDIT_H_
#define KEYTRAIL_AUDIT_STORE_AUDIT_H_

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "base/result.h"
#include "eventstore/store_verifier.h"

namespace keytrail::audit {

struct StoreAuditOptions {
  // A data directory or a store directory (a backup).
  std::filesystem::path dir;
  // (events checked, events in the log). Default: none.
  std::function<void(uint64_t, uint64_t)> progress;
  // Threads recomputing leaves besides the reading one. Default: 1.
  int workers = 1;
};

struct StoreAudit {
  eventstore::StoreReport report;
  uint64_t heads_checked = 0;
  bool signatures_checked = false;  // false without the data dir's key
  std::vector<std::string> head_problems;
  bool ok() const { return report.ok() && head_problems.empty(); }
};

Result<StoreAudit> AuditStore(const StoreAuditOptions& options);

}  // namespace keytrail::audit

#endif  // KEYTRAIL_AUDIT_STORE_AUDIT_H_
