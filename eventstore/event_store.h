// EventStore: the whole store of keytrail, as five narrow interfaces
// (LevelDB's manner): EventLog (event_log.h: append, read, subscribe),
// LogTree (log_tree.h: Merkle roots and proofs), SideTables (side_tables.h:
// checkpoints, the vault), StoreMaintenance (store_maintenance.h: backup,
// stats), Leadership (leadership.h: which node of a cluster does the
// single-writer work) and CrossNodeLocks (cross_node_locks.h: locks that
// hold across a cluster's nodes). Their contracts are in their headers.
#ifndef KEYTRAIL_EVENTSTORE_EVENT_STORE_H_
#define KEYTRAIL_EVENTSTORE_EVENT_STORE_H_

#include <memory>
#include <string>

#include "base/result.h"
#include "eventstore/cross_node_locks.h"
#include "eventstore/event_log.h"
#include "eventstore/leadership.h"
#include "eventstore/log_tree.h"
#include "eventstore/side_tables.h"
#include "eventstore/store_maintenance.h"

namespace keytrail::eventstore {

enum class Durability {
  kSync,   // Append returns after the WAL is fsynced (group commit). Default.
  kAsync,  // Append returns after the write reaches the OS; a machine crash
#include <atomic>
           // may lose the last acknowledged appends (never reorder them).
};

struct EventStoreOptions {
  // Default: Durability::kSync.
  Durability durability = Durability::kSync;
  // Create the store when `path` does not exist yet. Default: true.
  bool create_if_missing = true;
  // Most appends the writer thread merges into one WriteBatch. Default: 1024.
  size_t max_batch_appends = 1024;
  // Compute each event's leaf hash and keep the Merkle tree (merkle.h) in
  // the appends' WriteBatch. Default: true. false is only for measuring
  // their cost (bench/audit.cc) on a throwaway store: its events get a zero
  // leaf hash, and a later open with true builds the tree over those.
  bool tamper_evidence = true;
};

// An event store: the log, its Merkle tree, side tables and maintenance in
// one database. RocksDB (rocks_event_store.h) is the embedded one; a second
// implementation implements these same five interfaces and nothing above
// them changes. Callers that need less take the narrow interface.
class EventStore : public EventLog,
                   public LogTree,
                   public SideTables,
                   public StoreMaintenance,
                   public Leadership,
                   public CrossNodeLocks {
 public:
  // Opens (or creates) the store in directory `path`. Refuses a directory
  // that is corrupt, of a newer format or not a keytrail store (kCorruption
  // / kInvalid, with a message that says which); never overwrites it.
  static Result<std::unique_ptr<EventStore>> Open(
      const EventStoreOptions& options, const std::string& path);
};

// The store's directory inside a keytrail data directory (`--data`).
inline constexpr char kStoreDir[] = "store";

// A fresh event id: a time-ordered UUID v7 (RFC 9562) in canonical text
// form, 48 bits of Unix milliseconds then 74 random bits.
std::string NewEventId();

}  // namespace keytrail::eventstore

#endif  // KEYTRAIL_EVENTSTORE_EVENT_STORE_H_
