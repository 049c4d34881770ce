// UsageRecorder's appending of a take: turn the counts into usage events
// (usage_pending.h) and append them, one stream per StreamAppend, in
// chunks of AppendEach() calls from a few threads at once so that the
// store's writer commits them in a few group commits.
#include <algorithm>
#include <atomic>
#include <thread>
#include <utility>
#include <vector>

#include "app/usage_recorder.h"
#include "base/log.h"
#include "base/thread_name.h"

namespace keytrail::app {

uint64_t UsageRecorder::AppendTaken(std::vector<PendingUsage> taken, Micros at,
                                    PendingUsage* failed) {
  if (uint64_t dropped = dropped_.load(), logged = dropped_logged_.load();
      dropped > logged) {
    Log(spdlog::level::warn,
        "uses not recorded in the log: too many distinct keys per flush",
        {{"dropped", dropped - logged}, {"dropped_total", dropped}});
    dropped_logged_.store(dropped);
  }
  std::vector<UsageBatch> batches;
  for (const PendingUsage& pending : taken) {
    std::vector<UsageBatch> more = ToBatches(pending, at, options_.node);
    std::move(more.begin(), more.end(), std::back_inserter(batches));
  }
  taken.clear();
  if (batches.empty()) return 0;

  // Chunks of batches go to the store as one AppendEach() each, from a few
  // threads, so the writer always has the next chunk queued while it
  // fsyncs one, and a command queued meanwhile waits behind one chunk at
  // most, not the whole flush.
  const size_t chunk = std::max<size_t>(options_.flush_chunk, 1);
  const size_t chunks = (batches.size() + chunk - 1) / chunk;
  std::atomic<size_t> next{0};
  std::atomic<uint64_t> last_seq{0};
  std::mutex failed_mu;
  std::string failure;
  auto append = [&] {
    for (size_t c; (c = next.fetch_add(1)) < chunks;) {
      const size_t begin = c * chunk;
      const size_t end = std::min(batches.size(), begin + chunk);
      std::vector<eventstore::StreamAppend> appends;
      appends.reserve(end - begin);
      for (size_t i = begin; i < end; ++i) {
        appends.push_back({batches[i].stream,
                           eventstore::ExpectedVersion::Any(),
                           std::move(batches[i].events)});
      }
      std::vector<Result<eventstore::AppendResult>> results =
          store_.AppendEach(std::move(appends));
      for (size_t i = begin; i < end; ++i) {
        const Result<eventstore::AppendResult>& appended = results[i - begin];
        if (appended.ok()) {
          events_appended_.fetch_add(appended->last_seq - appended->first_seq +
                                     1);
          uint64_t seen = last_seq.load();
          while (seen < appended->last_seq &&
                 !last_seq.compare_exchange_weak(seen, appended->last_seq)) {
          }
          continue;
        }
        failed_appends_.fetch_add(1);
        std::lock_guard lock(failed_mu);
        failed->Merge(batches[i].counts);
        failure = appended.error().message;
      }
    }
  };
  size_t threads =
      std::min<size_t>(std::max(options_.flush_threads, 1), chunks);
  std::vector<std::thread> helpers;
  for (size_t i = 1; i < threads; ++i) {
    helpers.emplace_back([&append] {
      NameThisThread("kt-usage-append");
      append();
    });
  }
  append();
  for (std::thread& helper : helpers) helper.join();
  flushes_.fetch_add(1);
  if (!failed->empty()) {
    Log(spdlog::level::err, "usage append failed; its counts go in the next",
        {{"uses", failed->TotalUses()}, {"detail", failure}});
  }
  return last_seq.load();
}

}  // namespace keytrail::app
