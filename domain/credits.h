// Credits (docs/api.md "Credits"): a token with N remaining uses is
// accepted at most N times, on one node or many, and refilled daily or
// monthly when it has a refill.
//
// Model. The token's state (TokenRareFields) holds a pool of credits no
// node holds. A node spends only credits it took into a lease
// (app/credit_leases.h) with a CreditsLeased event, appended expecting the
// token's exact stream version: two nodes never take the same credits. A
// node gives back what it did not spend with CreditsReturned; a node that
// crashes loses its lease (credits under-spent, never oversold). So the
// pool is: set (TokenCreditsChanged) - leased + returned.
//
// Refill is lazy and deterministic: a lease names the refill period it was
// taken in (the UTC day or month that starts at `period`), and the fold
// resets the pool to refill.amount when a lease opens a later period than
// the pool's. Leases of an earlier period, and leases taken before the
// last TokenCreditsChanged, are void: a node stops spending them and the
// fold ignores their returns.
//
// Pure: time comes in as arguments.
#ifndef KEYTRAIL_DOMAIN_CREDITS_H_
#define KEYTRAIL_DOMAIN_CREDITS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/time.h"
#include "domain/command.h"
#include "domain/state.h"
#include "domain/state_view.h"
#include "domain/validation.h"

namespace keytrail {

inline constexpr int64_t kMaxCredits = 1'000'000'000'000;  // 1e12 uses
inline constexpr std::string_view kRefillDaily = "daily";
inline constexpr std::string_view kRefillMonthly = "monthly";
// The largest block a node leases at once.
inline constexpr int64_t kMaxCreditBlock = 10'000;

// What an owner sets (create, PATCH): nullopt remaining is unlimited.
struct Credits {
  std::optional<int64_t> remaining;
  std::optional<CreditRefill> refill;

  bool operator==(const Credits&) const = default;
};

// Adds field errors under "credits.remaining", "credits.refill.amount" and
// "credits.refill.interval": remaining 0..kMaxCredits, amount 1..
// kMaxCredits, interval "daily" or "monthly", a refill only with remaining.
void CheckCredits(FieldErrors& errors, const Credits& credits);

// The start of the UTC day or month (`interval`) that holds `t`, and the
// start of the next one.
Micros CreditPeriodStart(std::string_view interval, Micros t);
Micros NextCreditPeriod(std::string_view interval, Micros t);

// The refill period `now` falls in for the token; 0 without a refill.
Micros CurrentCreditPeriod(const TokenRareFields& rare, Micros now);

// The credits of the pool at `now` (the refill applied lazily); nullopt
// when the token's uses are unlimited.
std::optional<int64_t> CreditsAvailable(const TokenRareFields& rare,
                                        Micros now);

// The credits nodes hold in leases of the current period at `now` (a
// refill since the last lease voided them: 0).
int64_t CreditsLeasedNow(const TokenRareFields& rare, Micros now);

// Fold steps (token_state.cc). SetCredits starts a new generation at
// meta.version, in the period of meta.time.
void SetCredits(TokenRareFields& rare, const TokenCreditsChanged& e,
                const EventMeta& meta);
void FoldCreditsLeased(TokenRareFields& rare, const CreditsLeased& e);
void FoldCreditsReturned(TokenRareFields& rare, const CreditsReturned& e);

// The size of a node's next block: doubles the last one when it was spent
// within a second, halves it when it took over a minute, at least a
// thousandth of what is `available`, never more than a quarter of it (at
// least 1) so that the last credits are not stranded on one node, never
// more than kMaxCreditBlock.
int64_t CreditBlockSize(int64_t available, int64_t last_block,
                        Micros last_block_age);

struct CreditLeaseRequest {
  std::string node;      // the node's name ("" unnamed)
  std::string lease_id;  // new, unique
  int64_t want = 1;      // CreditBlockSize()
};

// -> CreditsLeased of min(want, available) credits at `now`. Errors:
// kNotFound (token); kInvalid when its uses are unlimited; kUsageExceeded
// when none is left (the token answers USAGE_EXCEEDED until a refill or a
// change of its credits). Revoked, disabled or expired tokens are leased
// as any other: verification refuses them before it spends credits.
Result<Events> LeaseCredits(const StateView& view, std::string_view token_id,
                            const CreditLeaseRequest& request, Micros now);

// -> CreditsReturned of `unused` (> 0) credits of `lease`; no event when the
// lease is void (its credits are gone with their generation or period) or
// the token is gone. Errors: kInvalid when `unused` exceeds the lease.
Result<Events> ReturnCredits(const StateView& view, const CreditsLeased& lease,
                             int64_t unused);

}  // namespace keytrail

#endif  // KEYTRAIL_DOMAIN_CREDITS_H_
