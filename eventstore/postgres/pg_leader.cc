#include "eventstore/postgres/pg_leader.h"

#include "base/log.h"
#include "base/thread_name.h"

namespace keytrail::eventstore {

PgLeader::PgLeader(std::string location, std::chrono::milliseconds poll)
    : location_(std::move(location)), poll_(poll) {
  thread_ = std::thread([this] { Run(); });
}

PgLeader::~PgLeader() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void PgLeader::Run() {
  NameThisThread("kt-pg-leader");
  std::unique_ptr<PgConnection> conn;
  std::unique_lock lock(mu_);
  while (!stopping_) {
    lock.unlock();
    const bool was_leader = leader_.load();
    if (!Poll(conn)) {
      leader_.store(false);
      conn.reset();
    }
    if (leader_.load() != was_leader) {
      Log(spdlog::level::info,
          leader_.load() ? "this node is the cluster's leader"
                         : "this node is no longer the cluster's leader",
          {});
    }
    lock.lock();
    wake_.wait_for(lock, poll_, [&] { return stopping_; });
  }
  leader_.store(false);
  // `conn` closes here: the session ends and the lock is released.
}

bool PgLeader::Poll(std::unique_ptr<PgConnection>& conn) {
  if (conn == nullptr) {
    Result<std::unique_ptr<PgConnection>> connected =
        PgConnection::Connect(location_);
    if (!connected.ok()) return false;
    conn = std::move(connected).value();
  }
  if (leader_.load()) {
    // The lock lives as long as the session: a connection that answers
    // still holds it.
    Result<PgRows> alive = conn->Query("SELECT 1");
    return alive.ok();
  }
  Result<PgRows> taken = conn->Query(
      (std::string("SELECT pg_try_advisory_lock(") + kPgLeaderLock + ")::int")
          .c_str());
  if (!taken.ok() || taken->size() != 1) return false;
  leader_.store(taken->Int(0, 0) == 1);
  return true;
}

}  // namespace keytrail::eventstore
