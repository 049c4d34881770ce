// AppendWriter: the store's single writer and its group commit.
//
// Append() queues the call and blocks (AppendEach() queues several;
// group_commit_queue.h, shared with the PostgreSQL writer). One writer
// thread drains the queue into one rocksdb::WriteBatch (at most
// max_batch_appends calls), checking each call on its own against the stream
// heads (an in-memory cache, updated for the earlier calls of the same batch)
// and the event ids, so a call that fails never affects the others. It assigns
// seq and versions, computes leaf hashes, adds the Merkle tree nodes the new
// leaves complete (merkle.h) to the same batch, writes the batch once (one WAL
// fsync for all when durability is kSync), publishes the new head and only then
// completes every caller.
//
// If the write fails, every call in the batch fails with the RocksDB error,
// the head cache is dropped and the last seq re-read from the database.
// RocksDB then usually refuses further writes until the store is reopened.
//
// Thread safety: Append() and AppendEach() may be called from any thread. The
// destructor completes every queued call before it returns; no call may start
// after it began.
#ifndef KEYTRAIL_EVENTSTORE_APPEND_WRITER_H_
#define KEYTRAIL_EVENTSTORE_APPEND_WRITER_H_

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "eventstore/append_rules.h"
#include "eventstore/event_store.h"
#include "eventstore/group_commit_queue.h"
#include "eventstore/merkle.h"
#include "eventstore/published_head.h"
#include "eventstore/rocks_db.h"
#include "eventstore/store_stats.h"

namespace keytrail::eventstore {

class AppendWriter {
 public:
  // `db` and `head` must outlive the writer; `last_seq` is the highest seq
  // stored (and published) at start, `tree` the Merkle tree of events
  // 1..last_seq (unused without options.tamper_evidence).
  AppendWriter(const EventStoreOptions& options, RocksDb* db,
               PublishedHead* head, uint64_t last_seq, TreeFrontier tree);
  AppendWriter(const AppendWriter&) = delete;
  AppendWriter& operator=(const AppendWriter&) = delete;

  // EventStore::Append() (see event_store.h for the contract).
  Result<AppendResult> Append(const std::string& stream,
                              ExpectedVersion expected,
                              std::vector<NewEvent> events) {
    return queue_.Append(stream, expected, std::move(events));
  }
  // EventStore::AppendEach(): queues every append at once, then waits for
  // them all.
  std::vector<Result<AppendResult>> AppendEach(
      std::vector<StreamAppend> appends) {
    return queue_.AppendEach(std::move(appends));
  }

  // Events appended, events per batch and batch write time (fsync
  // included), for StoreStats. Thread-safe.
  uint64_t events_appended() const { return events_appended_.load(); }
  const Histogram& batch_events() const { return batch_events_; }
  const Histogram& write_seconds() const { return write_seconds_; }

 private:
  using Pending = QueuedAppend;
  struct Batch;
  // The version of a stream's last event; nullopt for an empty stream.
  using Head = std::optional<uint64_t>;

  void Commit(std::vector<Pending*>& pendings);
  void Stage(Pending& pending, Batch& batch);
  Result<Head> LookupHead(const std::string& stream, const Batch& batch);
  // Remembers `head` for `stream`, making room when the cache is full.
  void CacheHead(const std::string& stream, Head head);
  Result<std::optional<IdLocation>> LookupId(const std::string& id,
                                             const Batch& batch);
  std::optional<Result<AppendResult>> CheckIds(Pending& pending,
                                               const Batch& batch, Head head);
  void Write(std::vector<Pending*>& pendings, Batch& batch);
  // The tree after the batch's leaves, its new nodes staged in the batch.
  Result<TreeFrontier> StageTree(Batch& batch);

  const EventStoreOptions options_;
  RocksDb* const db_;
  PublishedHead* const head_;

  // Writer thread only.
  uint64_t last_seq_;
  TreeFrontier tree_;  // of events 1..last_seq_
  std::unordered_map<std::string, Head> head_cache_;

  // Written by the writer thread, read by Stats() from any thread.
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

#endif  // KEYTRAIL_EVENTSTORE_APPEND_WRITER_H_
