// VerifyStore(): the offline integrity check of a store (keytrail
// verify-store). It walks the log in seq order and checks that
//   * seq runs 1, 2, 3 ... with no gap (a removed event is named);
//   * every record decodes, and its leaf hash, recomputed from the event
//     itself (seq, stream, version, type, time, actor and the data its
//     payload renders), equals the stored one (an altered or moved event is
//     named; a moved one with the seq it belongs at);
//   * the tree's leaves are those leaf hashes, and every stored tree node
//     is the hash of its two children, so the tree is exactly the RFC 6962
//     tree of the log.
// Signed tree heads are checked by the caller, against TreeRoot() of the
// store opened afterwards.
//
// It opens RocksDB itself, without the store's writer, so that it repairs
// nothing (EventStore::Open would extend a short tree). The server holds the
// store's lock while it runs: kUnavailable then.
//
// Thread safety: one call per store at a time; options' callbacks are called
// from the calling thread and from worker threads (data_json) concurrently.
#ifndef KEYTRAIL_EVENTSTORE_STORE_VERIFIER_H_
#define KEYTRAIL_EVENTSTORE_STORE_VERIFIER_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "base/result.h"
#include "eventstore/event_store.h"

namespace keytrail::eventstore {

struct StoreVerifyOptions {
  // Renders an event's canonical data JSON from its payload (the domain's
  // EventData of DecodeEvent), as at append time. Required; must be
  // thread-safe. An error counts as a damaged event.
  std::function<Result<std::string>(const RecordedEvent&)> data_json;
  // Called now and then, and at the end, with (events checked, events in
  // the log). Default: none.
  std::function<void(uint64_t done, uint64_t total)> progress;
  // Threads recomputing leaf hashes besides the reading thread. Default: 1.
  int workers = 1;
  // Problems reported before the check stops listing them. Default: 50.
  size_t max_problems = 50;
};

// One thing wrong. `seq` is the event concerned (0 when the problem is a
// tree node rather than one event).
struct StoreProblem {
  uint64_t seq = 0;
  std::string what;
};

struct StoreReport {
  uint64_t events = 0;                 // the highest seq stored
  uint64_t tree_leaves = 0;            // leaves in the tree
  std::vector<StoreProblem> problems;  // in the order found; seq order first
  uint64_t more_problems = 0;          // found beyond max_problems
  bool ok() const { return problems.empty(); }
};

// Checks the store at `path`. An error means the check could not run
// (no store, in use, unreadable); what it finds wrong is in the report.
Result<StoreReport> VerifyStore(const std::string& path,
                                const StoreVerifyOptions& options);

}  // namespace keytrail::eventstore

#endif  // KEYTRAIL_EVENTSTORE_STORE_VERIFIER_H_
