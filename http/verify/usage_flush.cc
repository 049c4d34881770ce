// UsageRecorder's flush: swap every shard out, turn the counts into usage
// events (usage_pending.h) and append them, one stream per StreamAppend,
// in chunks of AppendEach() calls from a few threads at once so that the
// store's writer commits them in a few group commits.
#include <algorithm>
#include <atomic>
#include <thread>
#include <utility>
#include <vector>

#include "http/log.h"
#include "http/verify/usage_recorder.h"

namespace keytrail::http {

namespace {

int64_t TotalCount(const PendingUsage& pending) {
  int64_t total = 0;
  for (const auto* map : {&pending.used, &pending.rejected, &pending.unknown}) {
    for (const auto& [key, counts] : *map) total += counts.count;
  }
  return total;
}

// The part of a pending key that chose its shard: the token id, or the IP
// of an unknown secret.
std::string_view ShardKeyOf(std::string_view key) {
  return key.substr(0, key.find('\n'));
}

}  // namespace

uint64_t UsageRecorder::FlushOnce(bool final) {
  const Micros now = clock_.Now();
  if (last_swap_at_ != 0) last_window_us_.store(now - last_swap_at_);
  last_swap_at_ = now;
  if (uint64_t dropped = dropped_.load(); dropped > dropped_logged_) {
    Log(spdlog::level::warn,
        "uses not recorded in the log: too many distinct keys per flush",
        {{"dropped", dropped - dropped_logged_}, {"dropped_total", dropped}});
    dropped_logged_ = dropped;
  }
  std::vector<UsageBatch> batches;
  for (Shard& shard : shards_) {
    PendingUsage taken;
    {
      std::lock_guard lock(shard.mu);
      std::swap(taken, shard.pending);
    }
    if (taken.empty()) continue;
    std::vector<UsageBatch> more = ToBatches(taken, now);
    std::move(more.begin(), more.end(), std::back_inserter(batches));
  }
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
  PendingUsage failed;
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
        failed.Merge(batches[i].counts);
        failure = appended.error().message;
      }
    }
  };
  size_t threads =
      std::min<size_t>(std::max(options_.flush_threads, 1), chunks);
  std::vector<std::thread> helpers;
  for (size_t i = 1; i < threads; ++i) helpers.emplace_back(append);
  append();
  for (std::thread& helper : helpers) helper.join();
  flushes_.fetch_add(1);

  if (!failed.empty()) {
    int64_t uses = TotalCount(failed);
    Log(spdlog::level::err,
        final ? "usage flush failed; uses dropped"
              : "usage flush failed; "
                "retrying next flush",
        {{"uses", uses}, {"detail", failure}});
    if (final) {
      dropped_.fetch_add(static_cast<uint64_t>(uses));
    } else {
      Requeue(failed);
    }
  }
  return last_seq.load();
}

void UsageRecorder::Requeue(const PendingUsage& failed) {
  auto put_back = [this](projections::IdMap<UseCounts> PendingUsage::*member,
                         const projections::IdMap<UseCounts>& from) {
    for (const auto& [key, counts] : from) {
      Shard& shard = ShardOf(ShardKeyOf(key));
      std::lock_guard lock(shard.mu);
      (shard.pending.*member)[key].Add(counts.count, counts.first_at,
                                       counts.last_at);
    }
  };
  put_back(&PendingUsage::used, failed.used);
  put_back(&PendingUsage::rejected, failed.rejected);
  put_back(&PendingUsage::unknown, failed.unknown);
}

}  // namespace keytrail::http
