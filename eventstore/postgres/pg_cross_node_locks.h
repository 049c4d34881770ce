// PgCrossNodeLocks: CrossNodeLocks (cross_node_locks.h) on PostgreSQL. A
// name maps to a bigint key (the first 8 bytes of SHA-256("keytrail lock:"
// + name)); the lock is pg_advisory_lock on a connection of this object's
// own pool, held until the guard is destroyed (pg_advisory_unlock, and the
// connection goes back to the pool). Waiting is bounded by a 5 s
// lock_timeout, after which the caller gets kUnavailable. If the
// connection is lost while held, PostgreSQL ended the session and with it
// the lock; the guard then only drops the connection.
//
// Thread safety: any thread.
#ifndef KEYTRAIL_EVENTSTORE_POSTGRES_PG_CROSS_NODE_LOCKS_H_
#define KEYTRAIL_EVENTSTORE_POSTGRES_PG_CROSS_NODE_LOCKS_H_

#include <memory>
#include <string>
#include <string_view>

#include "eventstore/cross_node_locks.h"
#include "eventstore/postgres/pg_connection.h"

namespace keytrail::eventstore {

class PgCrossNodeLocks {
 public:
  explicit PgCrossNodeLocks(std::string location);

  Result<std::unique_ptr<CrossNodeLock>> Lock(std::string_view name);

  // The advisory-lock key of `name`.
  static int64_t KeyOf(std::string_view name);

 private:
  PgPool pool_;
};

}  // namespace keytrail::eventstore

#endif  // KEYTRAIL_EVENTSTORE_POSTGRES_PG_CROSS_NODE_LOCKS_H_
