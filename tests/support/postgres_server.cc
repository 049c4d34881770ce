#include "tests/support/postgres_server.h"

#include <pwd.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <stdexcept>

#include "eventstore/postgres/pg_connection.h"
#include "tests/support/keytrail_process.h"

namespace keytrail::test {
namespace {

constexpr char kBin[] = "/usr/lib/postgresql/15/bin/";

}  // namespace

PostgresServer::PostgresServer() {
  if (!std::filesystem::exists(std::string(kBin) + "initdb")) {
    throw std::runtime_error(
        std::string("PostgreSQL 15 is not installed (no ") + kBin +
        "initdb): install the packages of tools/deps.sh");
  }
  std::string pattern = "/tmp/keytrail-pg-XXXXXX";
  if (mkdtemp(pattern.data()) == nullptr) {
    throw std::runtime_error("mkdtemp failed for " + pattern);
  }
  dir_ = pattern;
  if (geteuid() == 0) {
    const passwd* user = getpwnam("postgres");
    if (user == nullptr ||
        chown(dir_.c_str(), user->pw_uid, user->pw_gid) != 0) {
      throw std::runtime_error(
          "running as root, and the postgres user cannot own " + dir_);
    }
  }
  Run(std::string(kBin) + "initdb -D " + dir_ +
      "/data -U keytrail --auth=trust -E UTF8 --no-locale --no-sync -N "
      ">" +
      dir_ + "/initdb.log 2>&1");
  port_ = FreePort();
  Start();
}

PostgresServer::~PostgresServer() {
  try {
    if (running_) {
      Run(std::string(kBin) + "pg_ctl -D " + dir_ +
          "/data -m immediate -w stop >/dev/null 2>&1");
    }
  } catch (...) {
  }
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

void PostgresServer::Run(const std::string& command) const {
  const std::string line =
      (geteuid() == 0 ? "runuser -u postgres -- sh -c '" + command + "'"
                      : command);
  if (std::system(line.c_str()) != 0) {
    throw std::runtime_error("PostgreSQL test server: `" + command +
                             "` failed (see " + dir_ + ")");
  }
}

void PostgresServer::Start() {
  Run(std::string(kBin) + "pg_ctl -D " + dir_ + "/data -l " + dir_ +
      "/server.log -w -t 30 -o \"-p " + std::to_string(port_) + " -k " + dir_ +
      " -c listen_addresses=127.0.0.1 -c fsync=on -c max_connections=300"
      " -c shared_buffers=32MB\" start >/dev/null");
  running_ = true;
}

void PostgresServer::Stop() {
  Run(std::string(kBin) + "pg_ctl -D " + dir_ +
      "/data -m fast -w stop >/dev/null");
  running_ = false;
}

std::string PostgresServer::NewDatabase() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!recycled_.empty()) {
      std::string url = std::move(recycled_.back());
      recycled_.pop_back();
      return url;
    }
  }
  const std::string name = "kt_" + std::to_string(++databases_);
  const std::string base =
      "postgresql://keytrail@127.0.0.1:" + std::to_string(port_) + "/";
  auto conn = eventstore::PgConnection::Connect(base + "postgres");
  if (!conn.ok()) throw std::runtime_error(conn.error().message);
  Status created = (*conn)->Run("CREATE DATABASE " + name);
  if (!created.ok()) throw std::runtime_error(created.error().message);
  return base + name;
}

void PostgresServer::Recycle(const std::string& url) {
  auto conn = eventstore::PgConnection::Connect(url);
  if (!conn.ok()) return;  // a stopped server: the database is not reused
  Status emptied = (*conn)->Run(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
      " WHERE datname = current_database() AND pid <> pg_backend_pid();"
      "DROP SCHEMA public CASCADE; CREATE SCHEMA public;");
  if (!emptied.ok()) return;
  std::lock_guard<std::mutex> lock(mu_);
  recycled_.push_back(url);
}

PostgresServer& SharedPostgres() {
  static PostgresServer server;
  return server;
}

}  // namespace keytrail::test
