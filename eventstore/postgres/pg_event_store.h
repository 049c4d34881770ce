// PgEventStore: the EventStore (event_store.h) on PostgreSQL, shared by
// every keytrail node of a cluster. Schema: pg_schema.cc and
// eventstore/README.md. Made by EventStore::Open() for a postgresql:// or
// postgres:// location.
//
// It composes PgAppendWriter (this node's group commit; all nodes serialize
// on the log head row), a PublishedHead (the head this node's readers are
// bounded by: advanced by its own commits and by a watcher thread that
// LISTENs on keytrail_log and polls the head every 50 ms as a fallback),
// RocksSubscription (catch-up subscriptions over any EventStore and
// PublishedHead) and a pool of reader connections. Reads run on the
// caller's thread on a pooled connection.
//
// Leadership (leadership.h) is a PgLeader, started by the first
// IsLeader() call: a node's service asks at once and competes from then
// on; a CLI command that never asks never takes the lock from the nodes.
//
// Connection loss: every call returns kUnavailable while PostgreSQL cannot
// be reached and connects again on the next call; subscriptions retry
// every 100 ms and resume where they stopped (no gap, no duplicate).
// Backup() is kInvalid: back a PostgreSQL store up with pg_dump.
// EventStoreOptions::tamper_evidence is always on (leaf hashes and the
// tree are always written); create_if_missing is ignored (the schema is
// created by the first node that opens the database).
//
// Thread safety: every method may be called concurrently.
#ifndef KEYTRAIL_EVENTSTORE_POSTGRES_PG_EVENT_STORE_H_
#define KEYTRAIL_EVENTSTORE_POSTGRES_PG_EVENT_STORE_H_

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "base/fresh_read.h"
#include "eventstore/event_store.h"
#include "eventstore/postgres/pg_append_writer.h"
#include "eventstore/postgres/pg_connection.h"
#include "eventstore/postgres/pg_cross_node_locks.h"
#include "eventstore/postgres/pg_leader.h"
#include "eventstore/postgres/pg_side_table.h"
#include "eventstore/postgres/recent_events.h"
#include "eventstore/published_head.h"

namespace keytrail::eventstore {

class PgEventStore final : public EventStore {
 public:
  // Connects to `location`, applies pending schema migrations and starts
  // the writer and the head watcher. kUnavailable when unreachable.
  static Result<std::unique_ptr<EventStore>> Open(
      const EventStoreOptions& options, const std::string& location);
  ~PgEventStore() override;

  Result<AppendResult> Append(const std::string& stream,
                              ExpectedVersion expected,
                              std::vector<NewEvent> events) override;
  std::vector<Result<AppendResult>> AppendEach(
      std::vector<StreamAppend> appends) override;
  Status ReadAllInto(uint64_t from_seq, size_t max_count,
                     std::vector<RecordedEvent>* events) override;
  Result<std::vector<RecordedEvent>> ReadStream(const std::string& stream,
                                                uint64_t from_version,
                                                size_t max_count) override;
  Result<std::optional<uint64_t>> StreamHead(
      const std::string& stream) override;
  Result<RecordedEvent> ReadById(const std::string& id) override;
  uint64_t HeadSeq() const override;
  Result<uint64_t> SyncSharedHead() override;
  std::unique_ptr<Subscription> Subscribe(uint64_t after_seq,
                                          EventCallback callback) override;
  Status Backup(const std::string& dir) override;
  // This node's writer: events appended, batch sizes, transaction time
  // (the RocksDB sizes stay 0).
  StoreStats Stats() override;
  using EventStore::Table;
  SideTable* Table(const std::string& name, SideTableWrites writes) override;
  Result<std::string> TreeRoot(uint64_t tree_size) override;
  Result<std::vector<std::string>> InclusionProof(uint64_t seq,
                                                  uint64_t tree_size) override;
  Result<std::vector<std::string>> ConsistencyProof(uint64_t first,
                                                    uint64_t second) override;
  Result<std::string> TreeNode(int level, uint64_t index) override;
  bool IsLeader() const override;
  Result<std::unique_ptr<CrossNodeLock>> LockAcrossNodes(
      std::string_view name) override;

 private:
  PgEventStore(const EventStoreOptions& options, const std::string& location,
               uint64_t head);
  // Advances the published head to `seq` unless it is already there.
  void PublishAtLeast(uint64_t seq);
  // One query of the shared head, published; SyncSharedHead shares these
  // among concurrent callers (shared_head_).
  Result<uint64_t> ReadSharedHead();
  // The watcher thread: LISTEN, poll, publish, until stopping_.
  void Watch();
  // A NodeSource reading node hashes over `conn`.
  static NodeSource NodesOver(PgConnection& conn);

  PgPool pool_;
  // What this node committed or read lately: ReadAllInto serves its
  // subscriptions from it before asking PostgreSQL.
  RecentEvents recent_;
  std::shared_ptr<PublishedHead> head_;
  std::mutex publish_mu_;
  std::unique_ptr<PgAppendWriter> writer_;
  // Every management request of a node reads the shared head: concurrent
  // ones share a query that began after they did (base/fresh_read.h).
  FreshRead<Result<uint64_t>> shared_head_{[this] { return ReadSharedHead(); }};
  std::atomic<bool> stopping_{false};
  std::thread watcher_;

  PgCrossNodeLocks cross_node_locks_;
  mutable std::once_flag leader_once_;
  mutable std::unique_ptr<PgLeader> leader_;  // set once, by leader_once_

  std::mutex tables_mu_;
  std::map<std::string, std::unique_ptr<PgSideTable>> tables_;
};

}  // namespace keytrail::eventstore

#endif  // KEYTRAIL_EVENTSTORE_POSTGRES_PG_EVENT_STORE_H_
