// POST /v1/admin/backup (operator only): an online backup of the event
// store through the running server, which holds RocksDB's LOCK so that no
// second process can open the store while it serves.
//
//   POST /v1/admin/backup {"dir": "/var/backups/keytrail/2026-11-24"}
//   → 201 {"dir": "...", "head_seq": 1234}
//
// `dir` is a path on the server's machine; it must be absolute and must not
// exist (400 INVALID otherwise, 409 CONFLICT when it exists). The copy is
// EventStore::Backup(): consistent, opens as a store (`keytrail serve
// --data` over a directory holding it as store/). The master key and the
// audit signing key are not in it: back those up separately (docs/deploy.md).
#ifndef KEYTRAIL_ROUTES_BACKUP_ROUTE_H_
#define KEYTRAIL_ROUTES_BACKUP_ROUTE_H_

#include "base/result.h"
#include "routes/api_context.h"
#include "http/router.h"

namespace keytrail::http {

// Adds the backup route; `context` must outlive the router.
[[nodiscard]] Status AddBackupRoute(Router& router, ApiContext& context);

}  // namespace keytrail::http

#endif  // KEYTRAIL_ROUTES_BACKUP_ROUTE_H_
