#include "projections/rebuild.h"

#include "projections/checkpoint.h"
#include "projections/fold.h"
#include "projections/views.h"

namespace keytrail::projections {

Result<RebuildProgress> Rebuild(eventstore::EventStore& store,
                                const ProgressCallback& progress,
                                const RebuildOptions& options) {
  using Clock = std::chrono::steady_clock;
  const Clock::time_point start = Clock::now();
  Clock::time_point last_report = start;
  RebuildProgress report;
  report.events_total = store.HeadSeq();
  auto update = [&](uint64_t done, Clock::time_point now) {
    report.events_done = done;
    report.seconds = std::chrono::duration<double>(now - start).count();
    report.events_per_second =
        report.seconds > 0 ? static_cast<double>(done) / report.seconds : 0;
  };

  Status dropped = DropCheckpoint(store);
  if (!dropped.ok()) return dropped.error();
  Views views;
  FoldOptions fold;
  fold.to_seq = report.events_total;
  fold.batch_events = options.batch_events;
  fold.threads = options.threads;
  Status folded = FoldLog(store, views, fold, [&](uint64_t done) {
    Clock::time_point now = Clock::now();
    if (!progress || now - last_report < options.progress_interval) return;
    last_report = now;
    update(done, now);
    progress(report);
  });
  if (!folded.ok()) return folded.error();
  const Clock::time_point folded_at = Clock::now();
  update(views.applied_seq(), folded_at);
  if (progress) progress(report);
  Status written = WriteCheckpoint(store, views);
  if (!written.ok()) return written.error();
  const Clock::time_point now = Clock::now();
  update(views.applied_seq(), now);
  report.checkpoint_seconds =
      std::chrono::duration<double>(now - folded_at).count();
  report.checkpoint_written = true;
  if (progress) progress(report);
  return report;
}

}  // namespace keytrail::projections
