// Folding the log into Views: the one replay mechanism of projections/.
// The engine's live applier, Rebuild() and the point-in-time reads all
// decode with DecodeRecorded() and fold with Views::Apply(); FoldLog() is
// the batch loop the last two share.
//
// Thread safety: FoldLog() works on the caller's thread and
// FoldOptions::threads - 1 helper threads of its own; the caller must not
// touch `views` while it runs.
#ifndef KEYTRAIL_PROJECTIONS_FOLD_H_
#define KEYTRAIL_PROJECTIONS_FOLD_H_

#include <cstdint>
#include <functional>
#include <limits>
#include <optional>

#include "domain/events.h"
#include "base/result.h"
#include "eventstore/event_store.h"
#include "projections/views.h"

namespace keytrail::projections {

// Decodes the payload of `recorded`. A failure is kCorruption with a
// message naming the seq and type: the log is not what this build can read
// and the fold must stop there (an event is never skipped).
Result<Event> DecodeRecorded(const eventstore::RecordedEvent& recorded);

// DecodeRecorded() over `*event`, reusing its buffers when it holds an
// event of the same type (domain/event_codec.h DecodeEventInto). On error
// `*event` is unspecified.
Status DecodeRecordedInto(const eventstore::RecordedEvent& recorded,
                          Event* event);

struct FoldOptions {
  // Apply events up to this seq (or the head, when lower). Default: all.
  uint64_t to_seq = std::numeric_limits<uint64_t>::max();
  // Stop before the first event whose time is later than this. Default:
  // no limit.
  std::optional<Micros> until_time;
  // Events per EventStore::ReadAllInto call. Each worker reuses one
  // batch's buffers, so size no longer costs allocations; fewer batches
  // mean fewer turn hand-offs and iterator seeks, and above the store's
  // cached-scan limit (256) the scan bypasses the block cache. Measured on
  // bench_rebuild: 512 and 1024 ~13% less CPU per event than 128; 512 best.
  // Default: 512.
  size_t batch_events = 512;
  // Threads that read, decode and apply batches in turn (fold.cc); the
  // caller's thread is one of them. Default: 2.
  size_t threads = 2;
};

// Called after each batch with the seq applied so far, on the caller's
// thread or a helper, never two at a time.
using FoldProgress = std::function<void(uint64_t applied_seq)>;

// Folds the events after views.applied_seq() into `views`, as FoldOptions
// says. On error (a read or decode
// failure) `views` holds every event before the failing one.
Status FoldLog(eventstore::EventStore& store, Views& views,
               const FoldOptions& options, const FoldProgress& progress = {});

}  // namespace keytrail::projections

#endif  // KEYTRAIL_PROJECTIONS_FOLD_H_
