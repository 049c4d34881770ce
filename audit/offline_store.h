// Opening a keytrail store for the auditor's commands (keytrail export,
// verify-store, as-of) while the server is stopped. `dir` is either a data
// directory (the store in its "store" subdirectory, the audit key beside
// it) or a store directory itself, such as a backup (no key then).
//
// The server holds the store's RocksDB lock while it runs: kUnavailable
// then, with a message that says so. Not thread-safe.
#ifndef KEYTRAIL_AUDIT_OFFLINE_STORE_H_
#define KEYTRAIL_AUDIT_OFFLINE_STORE_H_

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "base/result.h"
#include "eventstore/event_store.h"
#include "audit/audit_key.h"

namespace keytrail::audit {

struct OfflineDir {
  std::filesystem::path store;  // the store directory
  // The data directory holding the audit key; nullopt for a bare store.
  std::optional<std::filesystem::path> data_dir;
};

// Where the store of `dir` is. kNotFound when `dir` holds no store.
Result<OfflineDir> ResolveOfflineDir(const std::filesystem::path& dir);

// The kUnavailable error saying that the server holds `dir`'s store.
Error ServerRunning(const OfflineDir& dir);

// Opens the store of `dir` (never creating one).
Result<std::unique_ptr<eventstore::EventStore>> OpenOfflineStore(
    const OfflineDir& dir);

}  // namespace keytrail::audit

#endif  // KEYTRAIL_AUDIT_OFFLINE_STORE_H_
