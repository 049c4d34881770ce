// VerifySnapshot: everything the verification decision (domain/
// verification.h) reads about one token, copied out of the Views so that a
// verification needs neither the Views nor the engine's lock shared by all
// threads. A snapshot is immutable once built; when the token, its account
// (plan), its user, one of the groups it depends on or a grant to it
// changes, the VerifyIndex builds a new one and swaps the pointer.
//
// Memory (issue 7: a million tokens in well under 1 GiB). A snapshot holds
// only the token's TokenCredentials: status, expiry and the secrets as raw
// SHA-256 digests; no name, description or usage. What tokens have in
// common lives in a VerifyContext shared between them: the account id,
// user id and group ids, and immutable copies of the account, user and
// groups (a SnapshotBuilder interns contexts, so 100,000 tokens of one
// group share one context). The token id (a view of the id the Views
// hold) and its live usage live in the index's TokenSlot, which outlives
// every snapshot of the token.
//
// TokenLive holds a token's usage figures (last_used_at, last_used_ip,
// use_count) as this process knows them; it is mutable, guarded by its own
// spin lock (one per token, never shared by all threads).
//
// Thread safety: VerifySnapshot, VerifyContext and SnapshotStateView are
// immutable and safe from any thread; TokenLive is thread-safe;
// SnapshotBuilder is not (the engine's applier thread owns it).
#ifndef KEYTRAIL_PROJECTIONS_VERIFY_SNAPSHOT_H_
#define KEYTRAIL_PROJECTIONS_VERIFY_SNAPSHOT_H_

#include <atomic>
#include <memory>
#include <mutex>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "domain/events.h"
#include "domain/rate_limit.h"
#include "domain/state.h"
#include "domain/state_view.h"
#include "domain/verification.h"
#include "projections/render.h"
#include "projections/views.h"

namespace keytrail::projections {

// A lock of one machine word for the tiny critical sections of TokenLive
// (a std::mutex would cost 40 bytes per token).
class SpinLock {
 public:
  void lock() {
    while (flag_.test_and_set(std::memory_order_acquire)) {
      std::this_thread::yield();
    }
  }
  void unlock() { flag_.clear(std::memory_order_release); }

 private:
  std::atomic_flag flag_;
};

// One rate-limit bucket's state in this process (domain/rate_limit.h),
// shared by every snapshot whose token spends it: a verification reaches it
// through its snapshot, without a lookup. The SnapshotBuilder makes one per
// bucket key and keeps it while the index lives, so a rebuilt snapshot
// finds the same bucket. Thread-safe through its own spin lock.
class RateBucketCell {
 public:
  // Takes one call at `now` under `limit` (TakeCall).
  RateDecision Take(const RateLimit& limit, Micros now) {
    std::lock_guard lock(mu_);
    return TakeCall(bucket_, limit, now);
  }
  // Gives back a call Take() took (ReturnCall).
  void GiveBack(const RateLimit& limit) {
    std::lock_guard lock(mu_);
    ReturnCall(bucket_, limit);
  }

 private:
  SpinLock mu_;
  RateBucket bucket_;  // guarded by mu_
};

// A bucket a verification of the token spends: its limit and its state.
struct RateBucketRef {
  RateLimit limit;
  std::shared_ptr<RateBucketCell> cell;  // never null
};

// Live usage figures of one token: what the views know, plus every use this
// process recorded since (flushed or not).
class TokenLive {
 public:
  explicit TokenLive(const TokenState& token)
      : usage_{token.last_used_at, token.last_used_ip, token.use_count} {}

  // Counts `count` uses, the last at `at` from `ip`.
  void Add(int64_t count, Micros at, std::string_view ip);
  LiveUsage Get() const;

 private:
  mutable SpinLock mu_;
  LiveUsage usage_;  // guarded by mu_
};

// This process's credit lease of a token (app/credit_leases.h), opaque
// here: the layer that spends credits derives from it.
class CreditLeaseState {
 public:
  virtual ~CreditLeaseState() = default;
};

// The part of a token's entry in the index that never changes identity:
// its id, live usage and, once the token spent a credit here, this
// process's lease of it (reached from a snapshot without a lookup). Owned
// by the VerifyIndex, which never drops one.
struct TokenSlot {
  // `token` must be the engine's: `id` views its id (see VerifyIndex).
  explicit TokenSlot(const TokenState& token) : id(token.id), live(token) {}
  ~TokenSlot() { delete credit_lease_.load(); }
  TokenSlot(const TokenSlot&) = delete;
  TokenSlot& operator=(const TokenSlot&) = delete;

  // The lease state; null until the first SetCreditLease().
  CreditLeaseState* credit_lease() const {
    return credit_lease_.load(std::memory_order_acquire);
  }
  // Installs `made` unless a state is there already (another thread won);
  // returns the slot's state from then on. Thread-safe.
  CreditLeaseState* SetCreditLease(std::unique_ptr<CreditLeaseState> made) {
    CreditLeaseState* expected = nullptr;
    if (credit_lease_.compare_exchange_strong(expected, made.get(),
                                              std::memory_order_acq_rel)) {
      return made.release();
    }
    return expected;
  }

  const std::string_view id;
  TokenLive live;

 private:
  std::atomic<CreditLeaseState*> credit_lease_{nullptr};
};

using AccountIds = std::set<std::string, std::less<>>;

// What the decision reads besides the token itself; shared by every token
// with the same account, kind, user and groups (and no grants).
struct VerifyContext {
  std::string account_id;
  std::string user_id;                          // personal tokens
  std::vector<std::string> own_groups;          // the token's own group ids
  std::shared_ptr<const AccountState> account;  // null: unknown account
  std::shared_ptr<const UserState> user;        // personal tokens only
  // The token's api groups, its user's groups and its grants' groups.
  std::vector<std::shared_ptr<const GroupState>> groups;
  // Grants (not removed) to the token, and the accounts granting them.
  std::vector<std::shared_ptr<const GrantState>> grants;
  std::vector<std::shared_ptr<const AccountState>> granting_accounts;
  // Operator tokens only: every account id (verification only asks whether
  // the requested account exists).
  std::shared_ptr<const AccountIds> all_accounts;
};

struct VerifySnapshot {
  // Never null. `slot` is owned by the VerifyIndex that built this snapshot
  // and lives as long as it does.
  TokenSlot* slot = nullptr;
  std::shared_ptr<const VerifyContext> context;
  TokenKind kind = TokenKind::kGroup;
  TokenStatus status = TokenStatus::kActive;
  std::optional<Micros> expires_at;
  projections::SecretKey secret_sha256{};
  // The secret a regenerate replaced, while it has one (rare: out of line).
  struct Previous {
    projections::SecretKey secret_sha256{};
    std::optional<Micros> valid_until;
  };
  std::unique_ptr<const Previous> previous;
  // What the token's owner set for verification beyond its status, while
  // something is set (rare: out of line): the metadata handed to the caller
  // of a VALID verification, the IP binding of the token and its groups,
  // and the rate-limit buckets a VALID call spends (keys built here, off
  // the hot path).
  // Credits (domain/credits.h): the generation a lease of this node must
  // come from and the refill interval ("" none) that voids it at a period's
  // end. The pool itself is not here: leases do not rebuild snapshots.
  struct CreditsPolicy {
    uint64_t version = 0;
    std::string refill_interval = {};
  };
  struct Policy {
    std::string metadata;  // canonical JSON object; "" when none
    IpBinding ip_binding;
    std::vector<RateBucketRef> rate_buckets;
    std::optional<CreditsPolicy> credits = {};  // nullopt: unlimited uses
  };
  std::unique_ptr<const Policy> policy;

  std::string_view id() const { return slot->id; }
  const std::string& account_id() const { return context->account_id; }
  const std::string& user_id() const { return context->user_id; }
  TokenLive& live() const { return slot->live; }
  // The domain's input; borrows from this snapshot.
  TokenCredentials credentials() const;
  // The token's metadata (canonical JSON); "" when none.
  std::string_view metadata() const {
    return policy != nullptr ? std::string_view(policy->metadata)
                             : std::string_view();
  }
  // The token's credits; null when its uses are unlimited.
  const CreditsPolicy* credits() const {
    if (policy == nullptr || !policy->credits) return nullptr;
    return &*policy->credits;
  }
  // The buckets a VALID call of this token spends; empty when none.
  std::span<const RateBucketRef> rate_buckets() const {
    if (policy == nullptr) return {};
    return policy->rate_buckets;
  }
};

// The domain's StateView over one snapshot: answers only what Verify()
// asks about that token; every other lookup finds nothing.
class SnapshotStateView final : public StateView {
 public:
  // `snapshot` must outlive the view.
  explicit SnapshotStateView(const VerifySnapshot& snapshot)
      : snapshot_(snapshot) {}

  const AccountState* FindAccount(std::string_view id) const override;
  const GroupState* FindGroup(std::string_view id) const override;
  const UserState* FindUser(std::string_view id) const override;
  const TokenState* FindToken(std::string_view id) const override;
  const GrantState* FindGrant(std::string_view id) const override;
  const GrantState* FindActiveGrant(std::string_view account_id,
                                    std::string_view token_id) const override;
  void ForEachToken(
      std::string_view,
      const std::function<void(const TokenState&)>&) const override {}
  void ForEachUser(
      std::string_view,
      const std::function<void(const UserState&)>&) const override {}
  void ForEachGrant(
      std::string_view,
      const std::function<void(const GrantState&)>&) const override {}

 private:
  const VerifySnapshot& snapshot_;
};

// Builds snapshots from the Views, sharing one copy of each account, user
// and group, and one VerifyContext per distinct set of them, between
// snapshots. Forget*() drops a cached copy after its aggregate changed, so
// the next Build() copies it afresh.
class SnapshotBuilder {
 public:
  // The snapshot of `token` as the views hold it now. `grants` are the
  // grants to the token (removed ones are skipped); `slot` is the token's.
  std::shared_ptr<const VerifySnapshot> Build(
      const projections::Views& views, const TokenState& token,
      const std::vector<const GrantState*>& grants, TokenSlot* slot);

  void ForgetAccount(const std::string& id);
  void ForgetUser(const std::string& id);
  void ForgetGroup(const std::string& id);
  // The account ids operator snapshots see; call after an account appeared.
  void SetAccountIds(AccountIds ids);

 private:
  std::shared_ptr<const VerifyContext> Context(
      const projections::Views& views, const TokenState& token,
      const std::vector<const GrantState*>& grants);
  std::shared_ptr<const AccountState> Account(const projections::Views& views,
                                              const std::string& id);
  std::shared_ptr<const UserState> User(const projections::Views& views,
                                        const std::string& id);
  std::shared_ptr<const GroupState> Group(const projections::Views& views,
                                          const std::string& id);
  std::vector<RateBucketRef> Buckets(std::vector<RateBucketKey> keys);

  projections::IdMap<std::shared_ptr<const AccountState>> accounts_;
  projections::IdMap<std::shared_ptr<const UserState>> users_;
  projections::IdMap<std::shared_ptr<const GroupState>> groups_;
  // Contexts of tokens without grants, by account, kind, user and groups;
  // cleared whenever any account, user or group changes.
  projections::IdMap<std::shared_ptr<const VerifyContext>> contexts_;
  // Every bucket a snapshot named, by RateBucketKey::key; never dropped
  // (a few dozen bytes per key).
  projections::IdMap<std::shared_ptr<RateBucketCell>> buckets_;
  std::shared_ptr<const AccountIds> account_ids_ =
      std::make_shared<AccountIds>();
};

}  // namespace keytrail::projections

#endif  // KEYTRAIL_PROJECTIONS_VERIFY_SNAPSHOT_H_
