// CreditLeases: the credits this node holds (docs/api.md "Credits",
// domain/credits.h), in memory, one lease per token.
//
// A VALID verification of a token with credits spends one credit of the
// node's lease. When the lease is empty (or void: the token's credits were
// set again, or a refill period ended) the verification takes the next
// block itself: a CreditsLeased event appended through the CommandRunner,
// expecting the token's exact stream version (on a conflict the runner
// waits for the views and decides again). That is the one disk or database
// write on the verification path, once per block; block sizes adapt
// (CreditBlockSize) so a busy token leases rarely. Threads verifying the
// same token meanwhile wait for that lease; other tokens do not.
//
// When the pool is empty the answer is USAGE_EXCEEDED, and the node asks
// the views again at most every `exhausted_recheck` (credits another node
// returns become visible then; a change of the token's credits at once).
//
// Unused credits go back to the pool with CreditsReturned when a lease sat
// idle for `idle_return` (a background thread) and on Stop(). A node that
// crashes loses its leases: those credits are never spent (under-spent,
// never oversold).
//
// Lifecycle: Start() after the engine caught up, Stop() after the HTTP
// server stopped serving and before the engine stops. Thread safety:
// Spend() from any thread.
#ifndef KEYTRAIL_APP_CREDIT_LEASES_H_
#define KEYTRAIL_APP_CREDIT_LEASES_H_

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "app/command_runner.h"
#include "base/random.h"
#include "projections/verify_snapshot.h"

namespace keytrail::app {

struct CreditLeasesOptions {
  // The node's name in the lease events. Default: "" (unnamed).
  std::string node;
  // A lease unused this long is returned. Default: 30 s.
  std::chrono::milliseconds idle_return{30'000};
  // How often an exhausted token asks the views again. Default: 1 s.
  std::chrono::milliseconds exhausted_recheck{1'000};
};

// What a verification's credit answered.
struct CreditDecision {
  bool allowed = true;
  // Uses left: this node's lease plus the pool when the lease was taken
  // (exact on one node; on a cluster other nodes may have taken some since).
  int64_t remaining = 0;
  // When a refill resets the credits; 0: never.
  Micros refill_at = 0;
};

struct CreditStats {
  uint64_t leases = 0;          // CreditsLeased appended
  uint64_t returns = 0;         // CreditsReturned appended
  uint64_t lease_failures = 0;  // appends that failed (answered exhausted)
};

class CreditLeases {
 public:
  // The arguments must outlive this object.
  CreditLeases(CommandRunner& runner, RandomSource& random,
               CreditLeasesOptions options);
  ~CreditLeases();

  CreditLeases(const CreditLeases&) = delete;
  CreditLeases& operator=(const CreditLeases&) = delete;

  // Spends one credit of `token` (whose snapshot has credits()) at `now`.
  // When the lease is empty (see above) it blocks on one append, or, when
  // `may_append` is false, answers nullopt having spent nothing (the caller
  // calls again where it may block: never on an I/O thread). After Stop(),
  // refuses every call.
  std::optional<CreditDecision> Spend(const projections::VerifySnapshot& token,
                                      Micros now, bool may_append);

  void Start();
  // Returns every unused lease; later Spend() calls are refused.
  void Stop();

  CreditStats stats() const;

 private:
  struct Lease;
  struct Entry;
  // A token's Entry hangs off its slot in the VerifyIndex
  // (TokenSlot::credit_lease(), owned by the slot, which lives as long as
  // the index: longer than this object), so the hot path finds it without
  // a lookup.
  Entry& EntryOf(projections::TokenSlot& slot);
  // Every Entry made (for Stop), and those that may hold unused credits
  // (for the idle returns, which so visit only the tokens leased lately);
  // each belongs to its slot.
  std::vector<Entry*> Entries();
  std::vector<Entry*> Held();
  // Notes that `entry` holds a lease now. Never called with entry.mu held.
  void NoteHeld(Entry& entry);
  // Drops from held_ those of `visited` that hold no unused credit.
  void ForgetEmpty(const std::vector<Entry*>& visited);
  // options_.exhausted_recheck in microseconds.
  Micros RecheckMicros() const;
  CreditDecision Acquire(Entry& entry, const projections::VerifySnapshot& token,
                         Micros now);
  void ReturnUnused(Entry& entry, bool only_idle, Micros now);
  void ReturnLoop();

  CommandRunner& runner_;
  RandomSource& random_;
  const CreditLeasesOptions options_;
  std::mutex entries_mu_;
  // Guarded by entries_mu_, which is taken before an Entry's mu.
  std::vector<Entry*> entries_;
  std::vector<Entry*> held_;
  std::atomic<bool> stopped_{false};
  std::atomic<uint64_t> leases_{0}, returns_{0}, failures_{0};
  std::mutex loop_mu_;
  std::condition_variable loop_cv_;
  bool loop_stop_ = false;  // guarded by loop_mu_
  std::thread loop_;
};

}  // namespace keytrail::app

#endif  // KEYTRAIL_APP_CREDIT_LEASES_H_
