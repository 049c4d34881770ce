// Rebuild: drops the views' checkpoint and folds the whole log again from
// seq 1 (`keytrail rebuild`), then writes a fresh checkpoint. Run it with
// the server stopped: a running engine would overwrite the checkpoint.
//
// Thread safety: uses the caller's thread and one read-ahead thread
// (fold.h); `store` may be used by others meanwhile.
#ifndef KEYTRAIL_PROJECTIONS_REBUILD_H_
#define KEYTRAIL_PROJECTIONS_REBUILD_H_

#include <chrono>
#include <cstdint>
#include <functional>

#include "base/result.h"
#include "eventstore/event_store.h"

namespace keytrail::projections {

struct RebuildProgress {
  uint64_t events_done = 0;
  uint64_t events_total = 0;  // the head when the rebuild started
  double events_per_second = 0;
  double seconds = 0;  // since the start
  // Of `seconds`, the time spent writing the checkpoint after the fold
  // (serializing the views, its digest, the put): 0 until it is written.
  double checkpoint_seconds = 0;
  bool checkpoint_written = false;  // true in the last report only
};

// Called now and then on the rebuilding thread, once when the fold is done
// (events_done == events_total, the checkpoint not written yet) and once at
// the end (checkpoint_written) on success.
using ProgressCallback = std::function<void(const RebuildProgress&)>;

struct RebuildOptions {
  // Least time between two progress calls. Default: 200 ms.
  std::chrono::milliseconds progress_interval{200};
  // Events per read of the log, and threads folding in turn: see
  // FoldOptions. Default: 512 and 2.
  size_t batch_events = 512;
  size_t threads = 2;
};

// Rebuilds the views from the whole log and replaces the checkpoint. On
// failure (a read error, an event this build cannot decode) the checkpoint
// is left dropped: the next start folds the log again and meets the same
// error rather than serving views that skipped an event.
Result<RebuildProgress> Rebuild(eventstore::EventStore& store,
                                const ProgressCallback& progress,
                                const RebuildOptions& options = {});

}  // namespace keytrail::projections

#endif  // KEYTRAIL_PROJECTIONS_REBUILD_H_
