#include "audit/offline_store.h"

#include <system_error>

#include "audit/audit_format.h"

namespace keytrail::audit {

namespace fs = std::filesystem;

Result<OfflineDir> ResolveOfflineDir(const fs::path& dir) {
  std::error_code ec;
  if (fs::exists(dir / kStoreDir / "CURRENT", ec)) {
    return OfflineDir{dir / kStoreDir, dir};
  }
  if (fs::exists(dir / "CURRENT", ec)) return OfflineDir{dir, std::nullopt};
  return Error::Make(ErrorCode::kNotFound,
                     "no keytrail store in " + dir.string() +
                         " (give the server's data directory or a backup)");
}

Result<std::unique_ptr<eventstore::EventStore>> OpenOfflineStore(
    const OfflineDir& dir) {
  eventstore::EventStoreOptions options;
  options.create_if_missing = false;
  Result<std::unique_ptr<eventstore::EventStore>> store =
      eventstore::EventStore::Open(options, dir.store.string());
  if (!store.ok() && store.error().code == ErrorCode::kUnavailable) {
    return ServerRunning(dir);
  }
  return store;
}

Error ServerRunning(const OfflineDir& dir) {
  return Error::Make(ErrorCode::kUnavailable,
                     "the keytrail server is running on " + dir.store.string() +
                         " (it holds the store's lock); stop it, or work on "
                         "a backup (POST /v1/admin/backup)");
}

}  // namespace keytrail::audit
