// PgAppendWriter: the node's single writer to the PostgreSQL log and its
// group commit (the PostgreSQL counterpart of append_writer.h).
//
// Append() queues the call and blocks (AppendEach() queues several). One
// writer thread drains the queue (at most max_batch_appends calls) into ONE
// transaction on its own connection, in two round trips (libpq pipelines):
//   1. SELECT ... FOR UPDATE the one-row log head: appends of every node
//      serialize here, so seq stays gapless and commits happen in seq order
//      (a reader never sees seq N+1 before N). Along with it: the heads of
//      the batch's streams, the batch's ids already stored, and the tree
//      frontier the head row keeps (used when another node appended since
//      this writer's last batch);
//   2. checks each call on its own (append_rules.h) exactly as the RocksDB
//      writer does, then sends the events, the Merkle tree nodes their
//      leaves complete, the new head, its NOTIFY and the COMMIT at once
//      (durable on return with synchronous_commit on, the default for
//      Durability::kSync; kAsync turns it off for the session), then
//      publishes the new head and completes every caller.
// The head's lock is held from the end of the first round trip to the
// commit: that is what bounds the group commits per second of the whole
// cluster, so nothing else is done while holding it.
// A failed query rolls the whole batch back: every call that needed the
// write fails with the error (kUnavailable when PostgreSQL is unreachable;
// the connection is dropped and the next batch connects again). A COMMIT
// whose answer was lost may have landed; the caller's retry with the same
// event ids then returns the first result, never a duplicate.
//
// Thread safety: Append() and AppendEach() may be called from any thread.
// The destructor completes every queued call before it returns.
#ifndef KEYTRAIL_EVENTSTORE_POSTGRES_PG_APPEND_WRITER_H_
#define KEYTRAIL_EVENTSTORE_POSTGRES_PG_APPEND_WRITER_H_

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "base/histogram.h"
#include "eventstore/event_store.h"
#include "eventstore/group_commit_queue.h"
#include "eventstore/merkle.h"
#include "eventstore/postgres/pg_connection.h"

namespace keytrail::eventstore {

class PgAppendWriter {
 public:
  // On the writer thread after each commit: `committed(events)` with the
  // batch's events as a reader would read them, then `publish(seq)`.
  // `publish` is also called with the head read under the lock.
  PgAppendWriter(
      const EventStoreOptions& options, std::string location,
      std::function<void(uint64_t)> publish,
      std::function<void(const std::vector<RecordedEvent>&)> committed);
  PgAppendWriter(const PgAppendWriter&) = delete;
  PgAppendWriter& operator=(const PgAppendWriter&) = delete;

  Result<AppendResult> Append(const std::string& stream,
                              ExpectedVersion expected,
                              std::vector<NewEvent> events) {
    return queue_.Append(stream, expected, std::move(events));
  }
  std::vector<Result<AppendResult>> AppendEach(
      std::vector<StreamAppend> appends) {
    return queue_.AppendEach(std::move(appends));
  }

  // Events appended, events per batch and the batch's transaction time
  // (COMMIT included), for StoreStats. Thread-safe.
  uint64_t events_appended() const { return events_appended_.load(); }
  const Histogram& batch_events() const { return batch_events_; }
  const Histogram& write_seconds() const { return write_seconds_; }

 private:
  using Pending = QueuedAppend;
  struct Batch;

  void Commit(std::vector<Pending*>& pendings);
  Status Transaction(std::vector<Pending*>& pendings);
  void Stage(Pending& pending, Batch& batch);
  // tree_ := the frontier of `size` leaves, read from keytrail_tree_nodes.
  Status LoadTree(uint64_t size);
  static std::vector<PgStatement> InsertStatements(const Batch& batch);

  const EventStoreOptions options_;
  const std::string location_;
  const std::function<void(uint64_t)> publish_;
  const std::function<void(const std::vector<RecordedEvent>&)> committed_;

  // Writer thread only.
  std::unique_ptr<PgConnection> conn_;
  std::optional<TreeFrontier> tree_;  // nullopt: reload before the next use

  // Written by the writer thread, read by Stats() from any thread: the
  // same buckets as the RocksDB writer's (append_writer.h).
  std::atomic<uint64_t> events_appended_{0};
  Histogram batch_events_{{1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024}};
  Histogram write_seconds_{{0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01,
                            0.025, 0.05, 0.1, 0.25, 1}};
  // Last: its writer thread starts once the members above exist, and its
  // destruction (which completes every queued call) comes first.
  GroupCommitQueue queue_{
      options_.max_batch_appends,
      [this](std::vector<Pending*>& batch) { Commit(batch); }};
};

}  // namespace keytrail::eventstore

#endif  // KEYTRAIL_EVENTSTORE_POSTGRES_PG_APPEND_WRITER_H_
