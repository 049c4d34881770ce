// CrossNodeLocks: named locks that hold across every node sharing a store,
// for the rules a stream's expected version cannot guard because they span
// aggregates (a plan's cap on active tokens, a unique e-mail, a group in
// use) and for Idempotency-Keys. One of the narrow interfaces an event store
// implements (event_store.h).
//
// A store one process owns (RocksDB, the tests' memory store) needs none:
// the process's own locks (app/command_runner.h) already serialize every
// writer, and LockAcrossNodes returns an empty guard at once. On PostgreSQL
// (postgres/pg_cross_node_locks.h) the lock is a session advisory lock held
// on a pooled connection until the guard is destroyed; a node that dies
// while holding one has its session ended by PostgreSQL, which releases it.
//
// A holder must catch up with the shared log after taking the lock
// (EventLog::SyncSharedHead, then wait until applied): what the previous
// holder appended is then in its views before it decides.
//
// Thread safety: LockAcrossNodes from any thread; a guard is released by
// the thread that holds it or any other, once.
#ifndef KEYTRAIL_EVENTSTORE_CROSS_NODE_LOCKS_H_
#define KEYTRAIL_EVENTSTORE_CROSS_NODE_LOCKS_H_

#include <memory>
#include <string_view>

#include "base/result.h"

namespace keytrail::eventstore {

// Held until destroyed.
class CrossNodeLock {
 public:
  virtual ~CrossNodeLock() = default;
};

class CrossNodeLocks {
 public:
  virtual ~CrossNodeLocks() = default;

  // Waits until this node holds `name` across the nodes and returns the
  // guard; nullptr when the store is owned by one process (nothing to
  // hold). kUnavailable when the store cannot be reached or the lock was
  // not granted within a few seconds (the caller answers 503; nothing was
  // decided). Default: nullptr.
  virtual Result<std::unique_ptr<CrossNodeLock>> LockAcrossNodes(
      std::string_view name) {
    (void)name;
    return std::unique_ptr<CrossNodeLock>();
  }
};

}  // namespace keytrail::eventstore

#endif  // KEYTRAIL_EVENTSTORE_CROSS_NODE_LOCKS_H_
