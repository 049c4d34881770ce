// Checkpoints of the Views: one record in the side table "projections" that
// holds the image of every view and the seq it reflects, so that a start
// replays only the log's tail. Written by ProjectionEngine (periodically
// and on Stop()) and by Rebuild(); the format is in checkpoint.cc.
//
// Thread safety: free functions; `views` must not change during a call.
#ifndef KEYTRAIL_PROJECTIONS_CHECKPOINT_H_
#define KEYTRAIL_PROJECTIONS_CHECKPOINT_H_

#include <optional>
#include <string>

#include "domain/result.h"
#include "eventstore/event_store.h"
#include "projections/views.h"

namespace keytrail::projections {

// The side table and key the checkpoint lives under.
inline constexpr char kCheckpointTable[] = "projections";
inline constexpr char kCheckpointKey[] = "views";

// Replaces the checkpoint with the image of `views`.
Status WriteCheckpoint(eventstore::EventStore& store, const Views& views);

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
