#include "eventstore/group_commit_queue.h"

#include <algorithm>

#include "base/thread_name.h"
#include "eventstore/append_rules.h"

namespace keytrail::eventstore {

GroupCommitQueue::GroupCommitQueue(size_t max_batch, Commit commit)
    : max_batch_(std::max<size_t>(1, max_batch)), commit_(std::move(commit)) {
  thread_ = std::thread([this] { Run(); });
}

GroupCommitQueue::~GroupCommitQueue() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  queued_.notify_one();
  thread_.join();
}

Result<AppendResult> GroupCommitQueue::Append(const std::string& stream,
                                              ExpectedVersion expected,
                                              std::vector<NewEvent> events) {
  std::vector<StreamAppend> one;
  one.push_back(StreamAppend{stream, expected, std::move(events)});
  return std::move(AppendEach(std::move(one)).front());
}

std::vector<Result<AppendResult>> GroupCommitQueue::AppendEach(
    std::vector<StreamAppend> appends) {
  std::vector<Result<AppendResult>> results;
  results.reserve(appends.size());
  // Only valid calls are queued; an invalid one is answered in place.
  std::vector<std::optional<QueuedAppend>> queued(appends.size());
  for (size_t i = 0; i < appends.size(); ++i) {
    StreamAppend& append = appends[i];
    if (Status valid = ValidateAppend(append.stream, append.events);
        !valid.ok()) {
      results.push_back(valid.error());
      continue;
    }
    results.push_back(AppendResult{});
    queued[i].emplace(QueuedAppend{&append.stream,
                                   append.expected,
                                   &append.events,
                                   {},
                                   std::nullopt,
                                   false});
  }
  std::vector<std::future<Result<AppendResult>>> done(appends.size());
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (size_t i = 0; i < queued.size(); ++i) {
      if (!queued[i]) continue;
      if (stopping_) {
        results[i] =
            Error::Make(ErrorCode::kUnavailable, "the store is closing");
        queued[i].reset();
        continue;
      }
      done[i] = queued[i]->done.get_future();
      queue_.push_back(&*queued[i]);
    }
  }
  queued_.notify_one();
  for (size_t i = 0; i < queued.size(); ++i) {
    if (queued[i]) results[i] = done[i].get();
  }
  return results;
}

void GroupCommitQueue::Run() {
  NameThisThread("kt-append");
  std::vector<QueuedAppend*> batch;
  for (;;) {
    {
      std::unique_lock<std::mutex> lock(mu_);
      queued_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and every call completed
      const size_t count = std::min(max_batch_, queue_.size());
      batch.assign(queue_.begin(), queue_.begin() + count);
      queue_.erase(queue_.begin(), queue_.begin() + count);
    }
    commit_(batch);
    batch.clear();
  }
}

}  // namespace keytrail::eventstore
