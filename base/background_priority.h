// Background priority for threads whose work may wait when the machine is
// saturated: the appending of recorded usage (app/usage_recorder.h).
// Verification runs on the I/O threads at normal
// priority; under a load that takes every core it then keeps the CPU, and
// the background work gets what is left (the usage flush aggregates over
// longer windows instead of competing with the requests it records). When
// a core is idle, a background thread runs at full speed anyway.
//
// A background thread must never hold what a normal one waits for: a lock
// of the request path, or RocksDB's write-group leadership (a synced write
// of its own). It would run that critical section at its low priority and
// stall the normal threads behind it (priority inversion).
//
// Linux keeps a nice value per thread; raising one's own needs no
// privilege. Elsewhere these calls do nothing.
#ifndef KEYTRAIL_BASE_BACKGROUND_PRIORITY_H_
#define KEYTRAIL_BASE_BACKGROUND_PRIORITY_H_

namespace keytrail {

// The nice value background threads run at. (0 would leave them alone.)
inline constexpr int kBackgroundNice = 19;

// Gives the calling thread nice value `nice` (0..19). Returns false when
// the system refused; the thread then keeps running at its priority.
[[nodiscard]] bool SetCurrentThreadNice(int nice);

}  // namespace keytrail

#endif  // KEYTRAIL_BASE_BACKGROUND_PRIORITY_H_
