// CommandRunner: the one path every management command takes (issue 6):
//
//   authorize (caller) -> decide on the current views (pure domain) ->
//   append with each stream's expected version -> wait until the
//   projections applied the append -> the caller renders from the views.
//
// Concurrency. The decision is made under the views' shared lock; the
// append names the stream version the decision saw, so a concurrent change
// of the same aggregate makes the store answer kConflict. The runner then
// waits for the views to catch up and decides again (up to kMaxAttempts),
// which is how a usage flush (TokenUsed) between decide and append never
// fails an admin's command, while a real lost update cannot happen. Rules
// that span aggregates of one account (TOKEN_LIMIT, unique e-mail,
// GROUP_IN_USE) ask for the account lock exclusively.
//
// On a cluster (PostgreSQL) those rules and Idempotency-Keys must hold
// across nodes too: before taking the account's lock exclusively, or a
// key's lock, the runner takes the same lock across the nodes
// (eventstore/cross_node_locks.h) and catches up with the shared log, so
// the previous holder's appends, on any node, are in the views it decides
// on. A store one process owns skips that step.
//
// Idempotency-Key (docs/api.md §6): the scoped key and a hash of the request
// are written with the events; a later request with the same key within 24 h is
// answered from the views (replayed, nothing appended) or, with another request
// hash, fails with kConflict.
//
// Thread-safe; Run() blocks on the disk sync: call it from the worker pool.
#ifndef KEYTRAIL_APP_COMMAND_RUNNER_H_
#define KEYTRAIL_APP_COMMAND_RUNNER_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/striped_locks.h"
#include "domain/command.h"
#include "eventstore/event_store.h"
#include "projections/projection_engine.h"

namespace keytrail::app {

struct CommandRequest {
  Actor actor;
  // The account whose lock the command takes; empty: no account lock.
  std::string account_id;
  // True for rules that span aggregates of the account.
  bool exclusive = false;
  // When set and `exclusive` is false: asked on the current views while the
  // account's lock is held shared; true takes the lock exclusively before
  // deciding. For rules that apply only in some states (a plan's cap on
  // active tokens): the state is read under the lock that its change takes
  // exclusively, so no change can slip between the question and the
  // decision.
  std::function<bool(const projections::Views&)> exclusive_if;
  // The scoped Idempotency-Key (see ScopedIdempotencyKey) and the hash of
  // the request; empty: none.
  std::string idempotency_key;
  std::string request_hash;
  // The decision, on the current views at `now`. Events of several streams
  // are appended stream by stream, in order.
  std::function<Result<Events>(const projections::Views&, Micros now)> decide;
};

struct CommandOutcome {
  Micros now = 0;
  uint64_t last_seq = 0;  // 0 when nothing was appended
  Events events;          // what was appended
  // An Idempotency-Key replay: nothing was decided nor appended; `stream`
  // names the stream the first request wrote.
  bool replayed = false;
  std::string replayed_stream;
};

// The key under which an Idempotency-Key is remembered: per account and
// principal, so that two callers never share keys.
std::string ScopedIdempotencyKey(std::string_view account_id,
                                 std::string_view principal_token_id,
                                 std::string_view key);

class CommandRunner {
 public:
  static constexpr int kMaxAttempts = 8;

  // The arguments must outlive the runner.
  CommandRunner(eventstore::EventStore& store,
                projections::ProjectionEngine& engine, const Clock& clock);

  CommandRunner(const CommandRunner&) = delete;
  CommandRunner& operator=(const CommandRunner&) = delete;

  Result<CommandOutcome> Run(const CommandRequest& request);

  const Clock& clock() const { return clock_; }
  projections::ProjectionEngine& engine() { return engine_; }

 private:
  Result<CommandOutcome> Attempt(const CommandRequest& request, bool* retry);
  // Takes `name` across the nodes into `held` and catches up with the
  // shared log; nothing on a store one process owns.
  Status LockAcrossNodes(
      const std::string& name,
      std::vector<std::unique_ptr<eventstore::CrossNodeLock>>& held);

  eventstore::EventStore& store_;
  projections::ProjectionEngine& engine_;
  const Clock& clock_;
  StripedLocks account_locks_;
  StripedLocks idempotency_locks_;
};

}  // namespace keytrail::app

#endif  // KEYTRAIL_APP_COMMAND_RUNNER_H_
