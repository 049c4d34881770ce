// PostgresServer: a real, throwaway PostgreSQL 15 for tests. It runs
// initdb in a fresh temporary directory, starts `postgres` on a free
// 127.0.0.1 port (fsync on, trust authentication for local connections
// only) and stops it and removes the directory when destroyed. PostgreSQL
// refuses to run as root, so when the test runs as root every server
// command runs as the `postgres` system user (runuser) in a directory that
// user owns.
//
// A missing PostgreSQL (no /usr/lib/postgresql/15/bin/initdb: install the
// packages of tools/deps.sh) throws, which FAILS the test: it never skips.
//
//   test::PostgresServer& pg = test::SharedPostgres();
//   std::string url = pg.NewDatabase();  // postgresql://keytrail@.../kt_3
//
// Thread safety: NewDatabase() may be called from any thread; Stop(),
// Start() and destruction from one thread at a time.
#ifndef KEYTRAIL_TESTS_SUPPORT_POSTGRES_SERVER_H_
#define KEYTRAIL_TESTS_SUPPORT_POSTGRES_SERVER_H_

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

namespace keytrail::test {

class PostgresServer {
 public:
  PostgresServer();  // initdb + start; throws std::runtime_error on failure
  ~PostgresServer();
  PostgresServer(const PostgresServer&) = delete;
  PostgresServer& operator=(const PostgresServer&) = delete;

  uint16_t port() const { return port_; }
  // Creates an empty database (or hands out a recycled one) and returns its
  // postgresql:// URL.
  std::string NewDatabase();
  // Takes back a database of NewDatabase() that nothing uses any more: its
  // connections are cut, its tables dropped, and a later NewDatabase()
  // hands it out again. Creating a database copies its template into the
  // WAL (7.5 MB): one per test made the server checkpoint gigabytes in the
  // middle of the HTTP suite, and commits then waited seconds for the
  // disk.
  void Recycle(const std::string& url);

  // Fast shutdown (open connections are cut), then start again on the
  // same port and data: what a restart or failover does to keytrail.
  void Stop();
  void Start();

 private:
  // Runs `command` (as the postgres user when root); throws on failure.
  void Run(const std::string& command) const;

  std::string dir_;
  uint16_t port_ = 0;
  bool running_ = false;
  std::atomic<int> databases_{0};
  std::mutex mu_;
  std::vector<std::string> recycled_;  // guarded by mu_
};

// One server per test process, started on first use and stopped at exit.
PostgresServer& SharedPostgres();

}  // namespace keytrail::test

#endif  // KEYTRAIL_TESTS_SUPPORT_POSTGRES_SERVER_H_
