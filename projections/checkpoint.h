// Checkpoints of the Views: the image of every view and the seq it
// reflects, in the side table "projections" (a header and the image in
// chunks), so that a start replays only the log's tail. Written by
// ProjectionEngine (periodically and on Stop()) and by Rebuild(); the
// format is in checkpoint.cc. Neither a write nor a load holds the image
// whole: memory at start stays that of the views.
//
// Thread safety: free functions; `views` must not change during a call.
#ifndef KEYTRAIL_PROJECTIONS_CHECKPOINT_H_
#define KEYTRAIL_PROJECTIONS_CHECKPOINT_H_

#include <cstddef>
#include <optional>
#include <string>

#include "base/result.h"
#include "eventstore/event_store.h"
#include "projections/views.h"

namespace keytrail::projections {

// The side table and key the checkpoint lives under.
inline constexpr char kCheckpointTable[] = "projections";
inline constexpr char kCheckpointKey[] = "views";

struct CheckpointOptions {
  // The largest chunk of the image stored as one value.
  size_t chunk_bytes = 4 << 20;
};

// Replaces the checkpoint with the image of `views`, atomically: a load
// sees the previous checkpoint or this one, whatever happens in between.
Status WriteCheckpoint(eventstore::EventStore& store, const Views& views,
                       const CheckpointOptions& options = {});

// Removes the checkpoint (the next start rebuilds from the log).
Status DropCheckpoint(eventstore::EventStore& store);

struct LoadedCheckpoint {
  // The views as checkpointed; nullopt when there is no usable checkpoint
  // and the views must be folded from seq 1.
  std::optional<Views> views;
  // Why a checkpoint that exists was not used (another format version,
  // damaged bytes); empty otherwise.
  std::string ignored_reason;
};

// Loads the checkpoint. A checkpoint of another format or a damaged one is
// ignored (the log is the truth; the views are rebuilt from it); only a
// failure to read the side table is an error.
Result<LoadedCheckpoint> LoadCheckpoint(eventstore::EventStore& store);

}  // namespace keytrail::projections

#endif  // KEYTRAIL_PROJECTIONS_CHECKPOINT_H_
