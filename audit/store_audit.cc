#include "audit/store_audit.h"

#include "eventstore/leaf_hash.h"
#include "audit/audit_events.h"
#include "audit/audit_format.h"
#include "audit/audit_key.h"
#include "audit/offline_store.h"
#include "audit/tree_head.h"

namespace keytrail::audit {
namespace {

// Checks every kept head against `store`'s tree and `public_key` (empty:
// signatures are not checked).
Status CheckHeads(eventstore::EventStore& store, const std::string& public_key,
                  StoreAudit& audit) {
  HeadLog heads(*store.Table(std::string(kHeadsTable)));
  uint64_t last_good = 0;
  const uint64_t log_size = store.HeadSeq();
  Status scanned = heads.ForEach([&](const SignedTreeHead& head) {
    ++audit.heads_checked;
    const std::string at = "the head of " + std::to_string(head.tree_size) +
                           " events signed " + FormatRfc3339(head.timestamp);
    if (!public_key.empty() && !VerifyHead(head, public_key)) {
      audit.head_problems.push_back(at + " has a bad signature");
    } else if (head.tree_size > log_size) {
      audit.head_problems.push_back(
          at + " is beyond the log, which ends at seq " +
          std::to_string(log_size) + ": events were removed");
    } else if (Result<std::string> root = store.TreeRoot(head.tree_size);
               !root.ok() || *root != head.root_hash) {
      audit.head_problems.push_back(
          at + " does not match the log: an event in seqs " +
          std::to_string(last_good + 1) + ".." +
          std::to_string(head.tree_size) +
          " was rewritten together with its leaf hash and the tree");
    } else {
      last_good = head.tree_size;
    }
    return audit.head_problems.size() < 50;
  });
  return scanned;
}

}  // namespace

Result<StoreAudit> AuditStore(const StoreAuditOptions& options) {
  Result<OfflineDir> dir = ResolveOfflineDir(options.dir);
  if (!dir.ok()) return dir.error();
  eventstore::StoreVerifyOptions verify;
  verify.data_json = AuditDataJson;
  verify.progress = options.progress;
  verify.workers = options.workers;
  Result<eventstore::StoreReport> report =
      eventstore::VerifyStore(dir->store.string(), verify);
  if (!report.ok()) {
    if (report.error().code == ErrorCode::kUnavailable) {
      return ServerRunning(*dir);
    }
    return report.error();
  }
  StoreAudit audit;
  audit.report = std::move(*report);
  if (!audit.report.ok()) return audit;

  std::string public_key;
  if (dir->data_dir) {
    Result<AuditKey> key = AuditKey::Load(*dir->data_dir);
    if (key.ok()) public_key = key->public_key();
  }
  audit.signatures_checked = !public_key.empty();
  Result<std::unique_ptr<eventstore::EventStore>> store =
      OpenOfflineStore(*dir);
  if (!store.ok()) return store.error();
  if (Status checked = CheckHeads(**store, public_key, audit); !checked.ok()) {
    return checked.error();
  }
  return audit;
}

}  // namespace keytrail::audit
