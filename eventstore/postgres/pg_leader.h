// PgLeader: this node's claim to a cluster's leadership (leadership.h): a
// session advisory lock (pg_try_advisory_lock(kPgLeaderLock)) held on a
// connection of its own.
//
// One thread. Each poll it either tries to take the lock (not leader yet)
// or checks that the connection holding it still answers (leader). A lost
// connection — PostgreSQL restarted or failed over, a network cut — ends
// the leadership at once (the server ended the session, so the lock is
// free for another node); the thread connects again after the next poll
// and competes again. A node killed with kill -9 has its socket closed by
// the kernel: PostgreSQL ends its session and another node takes the lock
// within one poll. (A node cut off without a FIN keeps the lock until
// PostgreSQL's TCP keepalive gives its session up: docs/deploy.md.)
//
// Advisory locks are per database, so clusters on different databases of
// one server elect their leaders apart. Destruction closes the connection,
// which releases the lock.
//
// Thread safety: IsLeader() from any thread; construction and destruction
// from one.
#ifndef KEYTRAIL_EVENTSTORE_POSTGRES_PG_LEADER_H_
#define KEYTRAIL_EVENTSTORE_POSTGRES_PG_LEADER_H_

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "eventstore/postgres/pg_connection.h"

namespace keytrail::eventstore {

// The leader lock's key ("keytrail" + 1 in ASCII as a bigint; the
// migration lock, pg_schema.cc, is "keytrail").
inline constexpr char kPgLeaderLock[] = "7022344627551920501";

class PgLeader {
 public:
  // Starts competing for the lock on `location`, every `poll`.
  PgLeader(std::string location, std::chrono::milliseconds poll);
  ~PgLeader();
  PgLeader(const PgLeader&) = delete;
  PgLeader& operator=(const PgLeader&) = delete;

  bool IsLeader() const { return leader_.load(); }

 private:
  void Run();
  // One poll's work on `conn` (connected here when null); false when the
  // connection was lost, and with it the lock.
  bool Poll(std::unique_ptr<PgConnection>& conn);

  const std::string location_;
  const std::chrono::milliseconds poll_;
  std::atomic<bool> leader_{false};
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;  // guarded by mu_
  std::thread thread_;
};

}  // namespace keytrail::eventstore

#endif  // KEYTRAIL_EVENTSTORE_POSTGRES_PG_LEADER_H_
