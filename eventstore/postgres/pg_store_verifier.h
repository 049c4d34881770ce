// VerifyPgStore(): keytrail verify-store for a PostgreSQL store: the same
// checks as VerifyStore() (store_verifier.h) and the same report, read
// straight from the tables with no writer (it repairs nothing):
//   * keytrail_events' seq runs 1, 2, 3 ... to the log head, no gap;
//   * every record decodes, its id/stream/version columns agree with it,
//     and its leaf hash recomputed from the event equals the stored one;
//   * level 0 of keytrail_tree_nodes holds those leaf hashes and every
//     stored node is the hash of its two children.
// VerifyStore() calls it for a postgresql:// or postgres:// location.
//
// Thread safety: one call at a time per database is enough; it only reads.
#ifndef KEYTRAIL_EVENTSTORE_POSTGRES_PG_STORE_VERIFIER_H_
#define KEYTRAIL_EVENTSTORE_POSTGRES_PG_STORE_VERIFIER_H_

#include <string>

#include "eventstore/store_verifier.h"

namespace keytrail::eventstore {

Result<StoreReport> VerifyPgStore(const std::string& location,
                                  const StoreVerifyOptions& options);

}  // namespace keytrail::eventstore

#endif  // KEYTRAIL_EVENTSTORE_POSTGRES_PG_STORE_VERIFIER_H_
