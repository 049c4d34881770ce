// GroupCommitQueue: the queue in front of a store's single writer thread,
// shared by both stores' group commits (append_writer.h for RocksDB,
// postgres/pg_append_writer.h for PostgreSQL).
//
// Append() checks the call's arguments (append_rules.h), queues it and blocks
// until the writer completes it; AppendEach() queues several calls at once
// and waits for them all. The writer thread takes up to `max_batch` queued
// calls at a time and hands them to `commit`, which must complete every one
// (set the value of its `done` promise) before it returns.
//
// Thread safety: Append() and AppendEach() from any thread. The destructor
// completes every queued call (the writer drains the queue) and joins the
// thread; a call made after it began answers kUnavailable.
#ifndef KEYTRAIL_EVENTSTORE_GROUP_COMMIT_QUEUE_H_
#define KEYTRAIL_EVENTSTORE_GROUP_COMMIT_QUEUE_H_

#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "eventstore/event_store.h"

namespace keytrail::eventstore {

// One queued append, as the writer's commit sees it.
struct QueuedAppend {
  const std::string* stream;
  ExpectedVersion expected;
  std::vector<NewEvent>* events;
  std::promise<Result<AppendResult>> done;
  // The writer's own bookkeeping while it commits the batch.
  std::optional<Result<AppendResult>> result;
  bool depends_on_write = false;  // result is void if the batch write fails
};

class GroupCommitQueue {
 public:
  using Commit = std::function<void(std::vector<QueuedAppend*>& batch)>;

  // Starts the writer thread. `commit` runs on it only.
  GroupCommitQueue(size_t max_batch, Commit commit);
  GroupCommitQueue(const GroupCommitQueue&) = delete;
  GroupCommitQueue& operator=(const GroupCommitQueue&) = delete;
  ~GroupCommitQueue();

  Result<AppendResult> Append(const std::string& stream,
                              ExpectedVersion expected,
                              std::vector<NewEvent> events);
  std::vector<Result<AppendResult>> AppendEach(
      std::vector<StreamAppend> appends);

 private:
  void Run();

  const size_t max_batch_;
  const Commit commit_;

  std::mutex mu_;
  std::condition_variable queued_;
  std::deque<QueuedAppend*> queue_;  // guarded by mu_
  bool stopping_ = false;            // guarded by mu_

  std::thread thread_;  // last: starts once the members above exist
};

}  // namespace keytrail::eventstore

#endif  // KEYTRAIL_EVENTSTORE_GROUP_COMMIT_QUEUE_H_
