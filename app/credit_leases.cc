#include "app/credit_leases.h"

#include <variant>
#include <vector>

#include "base/log.h"
#include "base/thread_name.h"
#include "domain/credits.h"
#include "domain/ids.h"
#include "projections/views_state_view.h"

namespace keytrail::app {

// A lease of this node: the event that took it and what is left of it.
struct CreditLeases::Lease {
  CreditsLeased event;
  int64_t left = 0;
  int64_t pool_after = 0;  // the pool right after the lease was taken
  Micros used_at = 0;
};

// One token's lease. Everything but acquire_mu is guarded by mu;
// acquire_mu is held by the one thread that leases or returns for the
// token (an append), never while mu is.
struct CreditLeases::Entry final : projections::CreditLeaseState {
  explicit Entry(std::string_view id) : token_id(id) {}

  const std::string token_id;
  std::mutex mu;
  std::mutex acquire_mu;
  std::optional<Lease> lease;
  int64_t last_block = 0;
  Micros last_taken_at = 0;
  // The pool answered empty at `exhausted_at` for this generation/period.
  std::optional<Micros> exhausted_at;
  uint64_t exhausted_version = 0;
  Micros exhausted_period = 0;
  // In CreditLeases::held_; guarded by CreditLeases::entries_mu_.
  bool held = false;
};

namespace {

using Policy = projections::VerifySnapshot::CreditsPolicy;

Micros PeriodOf(const Policy& policy, Micros now) {
  return policy.refill_interval.empty()
             ? 0
             : CreditPeriodStart(policy.refill_interval, now);
}

Micros RefillAt(const Policy& policy, Micros now) {
  return policy.refill_interval.empty()
             ? 0
             : NextCreditPeriod(policy.refill_interval, now);
}

// Spends from `entry` without an append when it can: a credit of a lease
// that is still good, or the remembered answer that none is left.
std::optional<CreditDecision> TakeHeld(auto& entry, const Policy& policy,
                                       Micros now, Micros recheck) {
  const Micros period = PeriodOf(policy, now);
  if (entry.lease &&
      static_cast<uint64_t>(entry.lease->event.credits_version) ==
          policy.version &&
      entry.lease->event.period.value_or(0) == period &&
      entry.lease->left > 0) {
    --entry.lease->left;
    entry.lease->used_at = now;
    return CreditDecision{true, entry.lease->left + entry.lease->pool_after,
                          RefillAt(policy, now)};
  }
  if (entry.exhausted_at && entry.exhausted_version == policy.version &&
      entry.exhausted_period == period && now - *entry.exhausted_at < recheck) {
    return CreditDecision{false, 0, RefillAt(policy, now)};
  }
  return std::nullopt;
}

CommandRequest SystemCommand() {
  CommandRequest command;
  command.actor = Actor{std::string(kSystemActorToken), "", ""};
  return command;
}

}  // namespace

CreditLeases::CreditLeases(CommandRunner& runner, RandomSource& random,
                           CreditLeasesOptions options)
    : runner_(runner), random_(random), options_(std::move(options)) {}

CreditLeases::~CreditLeases() { Stop(); }

Micros CreditLeases::RecheckMicros() const {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             options_.exhausted_recheck)
      .count();
}

CreditLeases::Entry& CreditLeases::EntryOf(projections::TokenSlot& slot) {
  if (projections::CreditLeaseState* state = slot.credit_lease()) {
    return static_cast<Entry&>(*state);
  }
  auto made = std::make_unique<Entry>(slot.id);
  Entry* candidate = made.get();
  auto& entry = static_cast<Entry&>(*slot.SetCreditLease(std::move(made)));
  if (&entry == candidate) {
    std::lock_guard<std::mutex> lock(entries_mu_);
    entries_.push_back(&entry);
  }
  return entry;
}

std::vector<CreditLeases::Entry*> CreditLeases::Entries() {
  std::lock_guard<std::mutex> lock(entries_mu_);
  return entries_;
}

std::vector<CreditLeases::Entry*> CreditLeases::Held() {
  std::lock_guard<std::mutex> lock(entries_mu_);
  return held_;
}

void CreditLeases::NoteHeld(Entry& entry) {
  std::lock_guard<std::mutex> lock(entries_mu_);
  if (entry.held) return;
  entry.held = true;
  held_.push_back(&entry);
}

void CreditLeases::ForgetEmpty(const std::vector<Entry*>& visited) {
  std::lock_guard<std::mutex> lock(entries_mu_);
  for (Entry* entry : visited) {
    // Under entry.mu: a lease installed before this check keeps the entry,
    // and one installed after it notes the entry again (NoteHeld).
    std::lock_guard<std::mutex> entry_lock(entry->mu);
    if (entry->lease && entry->lease->left > 0) continue;
    entry->held = false;
  }
  std::erase_if(held_, [](const Entry* entry) { return !entry->held; });
}

std::optional<CreditDecision> CreditLeases::Spend(
    const projections::VerifySnapshot& token, Micros now, bool may_append) {
  const Policy& policy = *token.credits();
  const Micros recheck = RecheckMicros();
  if (projections::CreditLeaseState* state = token.slot->credit_lease()) {
    auto& entry = static_cast<Entry&>(*state);
    std::lock_guard<std::mutex> lock(entry.mu);
    if (std::optional<CreditDecision> held =
            TakeHeld(entry, policy, now, recheck)) {
      return *held;
    }
  }
  if (!may_append) return std::nullopt;
  return Acquire(EntryOf(*token.slot), token, now);
}

CreditDecision CreditLeases::Acquire(Entry& entry,
                                     const projections::VerifySnapshot& token,
                                     Micros now) {
  const Policy& policy = *token.credits();
  const Micros recheck = RecheckMicros();
  std::lock_guard<std::mutex> acquiring(entry.acquire_mu);
  int64_t last_block = 0;
  Micros age = 0;
  {
    std::lock_guard<std::mutex> lock(entry.mu);
    // Another thread may have leased while this one waited.
    if (std::optional<CreditDecision> held =
            TakeHeld(entry, policy, now, recheck)) {
      return *held;
    }
    last_block = entry.last_block;
    age = now - entry.last_taken_at;
  }
  const CreditDecision refused{false, 0, RefillAt(policy, now)};
  if (stopped_.load()) return refused;
  const std::string token_id(token.id());
  CreditLeaseRequest request{options_.node,
                             NewId(kCreditLeaseIdPrefix, random_), 1};
  int64_t pool_after = 0;
  CommandRequest command = SystemCommand();
  command.decide = [&](const projections::Views& views,
                       Micros at) -> Result<Events> {
    const TokenState* state = views.token(token_id);
    if (state != nullptr) {
      const int64_t available = CreditsAvailable(*state->rare, at).value_or(0);
      request.want = CreditBlockSize(available, last_block, age);
      pool_after = available - std::min(request.want, available);
    }
    return LeaseCredits(projections::ViewsStateView(views), token_id, request,
                        at);
  };
  Result<CommandOutcome> outcome = runner_.Run(command);
  std::unique_lock<std::mutex> lock(entry.mu);
  entry.lease.reset();
  if (!outcome.ok()) {
    if (outcome.error().code != ErrorCode::kUsageExceeded) {
      failures_.fetch_add(1);
      Log(spdlog::level::warn, "credit lease failed; the call is refused",
          {{"token_id", token_id}, {"error", outcome.error().message}});
      return refused;
    }
    entry.exhausted_at = now;
    entry.exhausted_version = policy.version;
    entry.exhausted_period = PeriodOf(policy, now);
    return refused;
  }
  leases_.fetch_add(1);
  const auto& event = std::get<CreditsLeased>(outcome->events.front());
  entry.exhausted_at.reset();
  entry.last_block = event.amount;
  entry.last_taken_at = now;
  entry.lease = Lease{event, event.amount - 1, pool_after, now};
  const CreditDecision allowed{true, entry.lease->left + pool_after,
                               RefillAt(policy, now)};
  lock.unlock();
  NoteHeld(entry);
  return allowed;
}

void CreditLeases::ReturnUnused(Entry& entry, bool only_idle, Micros now) {
  std::lock_guard<std::mutex> acquiring(entry.acquire_mu);
  CreditsLeased lease;
  int64_t unused = 0;
  {
    std::lock_guard<std::mutex> lock(entry.mu);
    if (!entry.lease || entry.lease->left == 0) return;
    const Micros idle = std::chrono::duration_cast<std::chrono::microseconds>(
                            options_.idle_return)
                            .count();
    if (only_idle && now - entry.lease->used_at < idle) return;
    lease = entry.lease->event;
    unused = entry.lease->left;
    entry.lease.reset();
  }
  CommandRequest command = SystemCommand();
  command.decide = [&](const projections::Views& views, Micros) {
    return ReturnCredits(projections::ViewsStateView(views), lease, unused);
  };
  Result<CommandOutcome> outcome = runner_.Run(command);
  if (!outcome.ok()) {
    // Those credits stay leased in the log: under-spent, never oversold.
    Log(spdlog::level::warn, "returning unused credits failed",
        {{"token_id", lease.token_id}, {"error", outcome.error().message}});
    return;
  }
  if (!outcome->events.empty()) returns_.fetch_add(1);
}

void CreditLeases::Start() {
  loop_ = std::thread([this] { ReturnLoop(); });
}

void CreditLeases::ReturnLoop() {
  NameThisThread("kt-credits");
  const auto every = std::max<std::chrono::milliseconds>(
      std::chrono::milliseconds(10), options_.idle_return / 4);
  std::unique_lock<std::mutex> lock(loop_mu_);
  while (!loop_cv_.wait_for(lock, every, [this] { return loop_stop_; })) {
    lock.unlock();
    const std::vector<Entry*> held = Held();
    for (Entry* entry : held) {
      ReturnUnused(*entry, /*only_idle=*/true, runner_.clock().Now());
    }
    ForgetEmpty(held);
    lock.lock();
  }
}

void CreditLeases::Stop() {
  if (stopped_.exchange(true)) return;
  {
    std::lock_guard<std::mutex> lock(loop_mu_);
    loop_stop_ = true;
  }
  loop_cv_.notify_all();
  if (loop_.joinable()) loop_.join();
  for (Entry* entry : Entries()) {
    ReturnUnused(*entry, /*only_idle=*/false, runner_.clock().Now());
  }
}

CreditStats CreditLeases::stats() const {
  return CreditStats{leases_.load(), returns_.load(), failures_.load()};
}

}  // namespace keytrail::app
