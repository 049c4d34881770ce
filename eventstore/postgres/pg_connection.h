// PgConnection: one libpq connection, the one place libpq's C API meets
// keytrail (every other file of eventstore/postgres uses these types).
//
// Queries go through the extended protocol with text-format integer and
// text parameters, binary bytea parameters, and binary results (bigint:
// BE64, bytea/text: raw bytes). The first kMaxPrepared distinct texts a
// connection runs become named prepared statements, parsed once per
// connection (PostgreSQL then plans them from its plan cache); after any
// error the connection forgets them (DEALLOCATE ALL, once idle), since a
// failed pipeline may have skipped a preparation. Errors are values: a lost or
// refused connection, a server shutting down or a serialization failure is
// kUnavailable (retryable; the caller's idempotent event ids make a retry
// safe), a unique violation kConflict, anything else kIoError. After a
// kUnavailable the connection is usually dead (broken() is true) and its
// owner drops it; the next call connects again.
//
// PgPool hands connections out one caller at a time and keeps at most a few
// idle ones. Thread safety: a PgConnection is used by one thread at a time;
// PgPool may be used from any thread.
#ifndef KEYTRAIL_EVENTSTORE_POSTGRES_PG_CONNECTION_H_
#define KEYTRAIL_EVENTSTORE_POSTGRES_PG_CONNECTION_H_

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/result.h"

struct pg_conn;
struct pg_result;

namespace keytrail::eventstore {

// True when `location` names a PostgreSQL database (postgresql:// or
// postgres://) rather than a RocksDB directory.
bool IsPostgresLocation(std::string_view location);

// The parameters of one query.
class PgParams {
 public:
  PgParams& Text(std::string value);   // text, varchar, or any literal
  PgParams& Int(int64_t value);        // bigint, integer, smallint
  PgParams& Bytes(std::string value);  // bytea (binary)
  // A text[] of `values` (array literal; any bytes but NUL).
  PgParams& TextArray(const std::vector<std::string>& values);

  size_t size() const { return values_.size(); }

 private:
  friend class PgConnection;
  std::vector<std::string> values_;
  std::vector<int> formats_;
};

// One statement of a pipeline (PgConnection::Pipeline).
struct PgStatement {
  std::string sql;
  PgParams params;
};

// A query's rows, binary format. Moves only.
class PgRows {
 public:
  PgRows() = default;
  explicit PgRows(pg_result* result) : result_(result) {}
  PgRows(PgRows&& other) noexcept;
  PgRows& operator=(PgRows&& other) noexcept;
  ~PgRows();

  int size() const;
  bool IsNull(int row, int column) const;
  std::string_view Bytes(int row, int column) const;
  // bigint (8 bytes), integer (4) or smallint (2) in binary format.
  int64_t Int(int row, int column) const;

 private:
  pg_result* result_ = nullptr;
};

class PgConnection {
 public:
  // Connects to `location` (a libpq URI) with a 3 s connect timeout unless
  // the URI sets one. kUnavailable when the server cannot be reached.
  static Result<std::unique_ptr<PgConnection>> Connect(
      const std::string& location);
  ~PgConnection();
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  // Runs `sql` with `params`; the rows it returns (none for a command).
  Result<PgRows> Query(const char* sql, const PgParams& params = {});
  // Sends every statement at once and reads their answers after (libpq's
  // pipeline mode: one round trip to the server instead of one each). The
  // rows of each, in order; else the first statement's error, and the
  // statements after it did not run. A transaction the pipeline began
  // stays open (or aborted, after an error) for the caller to finish.
  Result<std::vector<PgRows>> Pipeline(
      const std::vector<PgStatement>& statements);
  // Runs one or more parameterless statements (BEGIN, COMMIT, DDL ...).
  Status Run(const std::string& sql);
  // Rolls back an open transaction, if the connection still allows it.
  void RollbackQuietly();

  // True once the connection is lost; it is then never usable again.
  bool broken() const;
  // The socket, for a LISTEN loop (-1 when broken).
  int socket() const;
  // Reads what the server sent and returns the highest number among the
  // payloads of the notifications received since the last call (0 for
  // none, or none numeric). kUnavailable when the connection is lost.
  Result<uint64_t> ConsumeNotifications();

 private:
  static constexpr size_t kMaxPrepared = 100;

  explicit PgConnection(pg_conn* conn) : conn_(conn) {}
  Error ErrorOf(pg_result* result, const char* what) const;
  // Forgets the prepared statements if an error asked for it and the
  // connection is idle.
  void ForgetPreparedIfAsked();
  // The name of `sql`'s prepared statement, "" for none; *prepare is true
  // when the caller must prepare it first (and name it so).
  std::string PreparedName(const std::string& sql, bool* prepare);
  // Sends `statement` in pipeline mode (preceded by its preparation when
  // *prepare comes back true). False when libpq could not send it.
  bool Send(const PgStatement& statement, bool* prepare);

  pg_conn* conn_;
  std::unordered_map<std::string, std::string> prepared_;  // sql -> name
  bool forget_prepared_ = false;
};

class PgPool {
 public:
  // `max_idle`: connections kept open between calls.
  PgPool(std::string location, size_t max_idle);
  ~PgPool();

  // A connection for one caller; back to the pool when destroyed, unless
  // it broke.
  class Lease {
   public:
    Lease(PgPool* pool, std::unique_ptr<PgConnection> conn, bool reused)
        : pool_(pool), conn_(std::move(conn)), reused_(reused) {}
    Lease(Lease&&) = default;
    ~Lease();
    PgConnection* operator->() { return conn_.get(); }
    PgConnection& operator*() { return *conn_; }
    // True for a connection that was idle in the pool: a failure on it may
    // only mean the server restarted since, worth one retry.
    bool reused() const { return reused_; }

   private:
    PgPool* pool_;
    std::unique_ptr<PgConnection> conn_;
    bool reused_;
  };

  Result<Lease> Acquire();
  // Runs `call` on a connection; when it fails as kUnavailable on a reused
  // connection, runs it once more on a fresh one. For reads and other
  // calls that are safe to repeat.
  template <typename T, typename Call>
  Result<T> With(Call call) {
    for (int attempt = 0;; ++attempt) {
      Result<Lease> lease = Acquire(attempt > 0);
      if (!lease.ok()) return lease.error();
      Result<T> result = call(**lease);
      if (result.ok() || result.error().code != ErrorCode::kUnavailable ||
          !lease->reused() || attempt > 0) {
        return result;
      }
    }
  }
  const std::string& location() const { return location_; }

 private:
  Result<Lease> Acquire(bool fresh);
  void Release(std::unique_ptr<PgConnection> conn);

  const std::string location_;
  const size_t max_idle_;
  std::mutex mu_;
  std::vector<std::unique_ptr<PgConnection>> idle_;  // guarded by mu_
};

}  // namespace keytrail::eventstore

#endif  // KEYTRAIL_EVENTSTORE_POSTGRES_PG_CONNECTION_H_
