#include "eventstore/postgres/pg_cross_node_locks.h"

#include <cstring>

#include "base/sha256.h"

namespace keytrail::eventstore {

namespace {

constexpr size_t kIdleConnections = 4;

class PgHeldLock final : public CrossNodeLock {
 public:
  PgHeldLock(PgPool::Lease lease, int64_t key)
      : lease_(std::move(lease)), key_(key) {}
  ~PgHeldLock() override {
    // A failure leaves the connection broken: the pool drops it, and the
    // session's end released the lock.
    (void)lease_->Query("SELECT pg_advisory_unlock($1::bigint)::int",
                        PgParams().Int(key_));
  }

 private:
  PgPool::Lease lease_;
  int64_t key_;
};

}  // namespace

PgCrossNodeLocks::PgCrossNodeLocks(std::string location)
    : pool_(std::move(location), kIdleConnections) {}

int64_t PgCrossNodeLocks::KeyOf(std::string_view name) {
  const Sha256Digest digest =
      Sha256DigestOf(std::string("keytrail lock:") + std::string(name));
  int64_t key = 0;
  std::memcpy(&key, digest.data(), sizeof(key));
  return key;
}

Result<std::unique_ptr<CrossNodeLock>> PgCrossNodeLocks::Lock(
    std::string_view name) {
  const int64_t key = KeyOf(name);
  for (int attempt = 0;; ++attempt) {
    Result<PgPool::Lease> lease = pool_.Acquire();
    if (!lease.ok()) return lease.error();
    // set_config runs first in the select list: the wait that follows is
    // bounded (a lock_timeout error is kUnavailable).
    Result<PgRows> taken = (*lease)->Query(
        "SELECT set_config('lock_timeout', '5s', false), "
        "pg_advisory_lock($1::bigint)::text",
        PgParams().Int(key));
    if (taken.ok()) {
      return std::unique_ptr<CrossNodeLock>(
          new PgHeldLock(std::move(lease).value(), key));
    }
    // An idle connection may have died with a server restart: one retry.
    if (taken.error().code != ErrorCode::kUnavailable || !lease->reused() ||
        attempt > 0) {
      return Error::Make(
          ErrorCode::kUnavailable,
          "the cluster lock is not available: " + taken.error().message);
    }
  }
}

}  // namespace keytrail::eventstore
