#include "domain/credits.h"

#include <algorithm>
#include <chrono>

#include "domain/command_support.h"

namespace keytrail {
namespace {

using std::chrono::days;
using std::chrono::microseconds;
using std::chrono::sys_days;
using std::chrono::year_month_day;

Micros MicrosOf(sys_days day) {
  return std::chrono::duration_cast<microseconds>(day.time_since_epoch())
      .count();
}

sys_days DayOf(Micros t) {
  return std::chrono::floor<days>(
      std::chrono::sys_time<microseconds>(microseconds(t)));
}

// Whether `lease` still counts: taken from the current generation of
// credits in the pool's period.
template <typename LeaseEvent>
bool Current(const TokenRareFields& rare, const LeaseEvent& lease) {
  return rare.credits &&
         static_cast<uint64_t>(lease.credits_version) == rare.credits_version &&
         lease.period.value_or(0) == rare.credits_period;
}

}  // namespace

void CheckCredits(FieldErrors& errors, const Credits& credits) {
  if (credits.remaining &&
      (*credits.remaining < 0 || *credits.remaining > kMaxCredits)) {
    errors.Add("credits.remaining",
               "must be 0.." + std::to_string(kMaxCredits) + " or null");
  }
  if (!credits.refill) return;
  if (!credits.remaining) {
    errors.Add("credits.refill", "a refill needs remaining credits");
  }
  if (credits.refill->amount < 1 || credits.refill->amount > kMaxCredits) {
    errors.Add("credits.refill.amount",
               "must be 1.." + std::to_string(kMaxCredits));
  }
  if (credits.refill->interval != kRefillDaily &&
      credits.refill->interval != kRefillMonthly) {
    errors.Add("credits.refill.interval", "must be \"daily\" or \"monthly\"");
  }
}

Micros CreditPeriodStart(std::string_view interval, Micros t) {
  const sys_days day = DayOf(t);
  if (interval != kRefillMonthly) return MicrosOf(day);
  const year_month_day date(day);
  return MicrosOf(sys_days(date.year() / date.month() / 1));
}

Micros NextCreditPeriod(std::string_view interval, Micros t) {
  const sys_days day = DayOf(t);
  if (interval != kRefillMonthly) return MicrosOf(day + days(1));
  const year_month_day date(day);
  const auto next = date.year() / date.month() / 1 + std::chrono::months(1);
  return MicrosOf(sys_days(next));
}

Micros CurrentCreditPeriod(const TokenRareFields& rare, Micros now) {
  if (!rare.credits_refill) return 0;
  return CreditPeriodStart(rare.credits_refill->interval, now);
}

std::optional<int64_t> CreditsAvailable(const TokenRareFields& rare,
                                        Micros now) {
  if (!rare.credits) return std::nullopt;
  if (rare.credits_refill &&
      CurrentCreditPeriod(rare, now) > rare.credits_period) {
    return rare.credits_refill->amount;
  }
  return *rare.credits;
}

int64_t CreditsLeasedNow(const TokenRareFields& rare, Micros now) {
  if (!rare.credits) return 0;
  return CurrentCreditPeriod(rare, now) > rare.credits_period
             ? 0
             : rare.credits_leased;
}

void SetCredits(TokenRareFields& rare, const TokenCreditsChanged& e,
                const EventMeta& meta) {
  rare.credits = e.remaining;
  rare.credits_refill = e.remaining ? e.refill : std::nullopt;
  rare.credits_leased = 0;
  rare.credits_version = meta.version;
  rare.credits_period = CurrentCreditPeriod(rare, meta.time);
}

void FoldCreditsLeased(TokenRareFields& rare, const CreditsLeased& e) {
  if (!rare.credits ||
      static_cast<uint64_t>(e.credits_version) != rare.credits_version) {
    return;  // never written: LeaseCredits leases the current generation
  }
  const Micros period = e.period.value_or(0);
  if (rare.credits_refill && period > rare.credits_period) {
    rare.credits = rare.credits_refill->amount;  // the refill, lazily
    rare.credits_leased = 0;
    rare.credits_period = period;
  }
  if (period != rare.credits_period) return;
  rare.credits = *rare.credits - e.amount;
  rare.credits_leased += e.amount;
}

void FoldCreditsReturned(TokenRareFields& rare, const CreditsReturned& e) {
  if (!Current(rare, e)) return;  // void: its credits went with its period
  rare.credits = *rare.credits + e.amount;
  rare.credits_leased = std::max<int64_t>(0, rare.credits_leased - e.amount);
}

int64_t CreditBlockSize(int64_t available, int64_t last_block,
                        Micros last_block_age) {
  int64_t next = 1;
  if (last_block > 0) {
    next = last_block;
    if (last_block_age < kMicrosPerSecond) {
      next = last_block * 2;
    } else if (last_block_age > 60 * kMicrosPerSecond) {
      next = last_block / 2;
    }
  }
  // A large pool lends a thousandth at once whatever the traffic: a busy
  // node then leases rarely from its first call, and what a node may
  // strand is a thousandth of the pool.
  next = std::max(next, available / 1000);
  const int64_t cap = std::max<int64_t>(1, available / 4);
  return std::clamp<int64_t>(std::min(next, cap), 1, kMaxCreditBlock);
}

Result<Events> LeaseCredits(const StateView& view, std::string_view token_id,
                            const CreditLeaseRequest& request, Micros now) {
  const TokenState* token = view.FindToken(token_id);
  if (token == nullptr) {
    return Error::Make(ErrorCode::kNotFound, "token not found");
  }
  const TokenRareFields& rare = *token->rare;
  const std::optional<int64_t> available = CreditsAvailable(rare, now);
  if (!available) {
    return Error::Invalid("credits", "the token's uses are unlimited");
  }
  if (*available <= 0) {
    return Error::Make(ErrorCode::kUsageExceeded,
                       "the token's credits are spent");
  }
  CreditsLeased lease;
  lease.token_id = token->id;
  lease.account_id = token->account_id;
  lease.lease_id = request.lease_id;
  lease.node = request.node;
  lease.amount = std::clamp<int64_t>(request.want, 1, *available);
  lease.credits_version = static_cast<int64_t>(rare.credits_version);
  if (rare.credits_refill) lease.period = CurrentCreditPeriod(rare, now);
  return Events{std::move(lease)};
}

Result<Events> ReturnCredits(const StateView& view, const CreditsLeased& lease,
                             int64_t unused) {
  if (unused < 0 || unused > lease.amount) {
    return Error::Invalid("amount", "more than the lease holds");
  }
  const TokenState* token = view.FindToken(lease.token_id);
  if (token == nullptr || unused == 0 || !Current(*token->rare, lease)) {
    return Events{};
  }
  return Events{CreditsReturned{lease.token_id, lease.account_id,
                                lease.lease_id, lease.node, unused,
                                lease.credits_version, lease.period}};
}

}  // namespace keytrail
