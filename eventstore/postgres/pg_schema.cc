#include "eventstore/postgres/pg_schema.h"

#include <string>
#include <vector>

namespace keytrail::eventstore {
namespace {

// The key of the advisory lock migrations run under ("keytrail" in ASCII,
// truncated to a bigint).
constexpr char kMigrationLock[] = "7022344627551920500";

// Migration N is kMigrations[N - 1]. Never edit one that has shipped: add
// the next.
const std::vector<std::string>& Migrations() {
  static const std::vector<std::string> migrations = {
      // 1: the log, its head, the audit tree and the side tables.
      R"sql(
CREATE TABLE keytrail_log_head (
  one boolean PRIMARY KEY DEFAULT true CHECK (one),
  seq bigint NOT NULL);
INSERT INTO keytrail_log_head (seq) VALUES (0);
CREATE TABLE keytrail_events (
  seq bigint PRIMARY KEY,
  stream text NOT NULL,
  version bigint NOT NULL,
  id text NOT NULL UNIQUE,
  record bytea NOT NULL,
  UNIQUE (stream, version));
CREATE TABLE keytrail_tree_nodes (
  level smallint NOT NULL,
  idx bigint NOT NULL,
  hash bytea NOT NULL,
  PRIMARY KEY (level, idx));
CREATE TABLE keytrail_side_tables (
  name text NOT NULL,
  key bytea NOT NULL,
  value bytea NOT NULL,
  PRIMARY KEY (name, key));
)sql",
      // 2: the tree frontier of the head, so that a node's writer reads it
      // with the head instead of loading it from keytrail_tree_nodes
      // (TreeFrontier::Packed; NULL or stale: the writer loads the nodes).
      R"sql(
ALTER TABLE keytrail_log_head ADD COLUMN frontier bytea;
)sql",
  };
  return migrations;
}

Status Apply(PgConnection& conn) {
  Status created = conn.Run(
      "CREATE TABLE IF NOT EXISTS keytrail_schema ("
      " version integer PRIMARY KEY,"
      " applied_at timestamptz NOT NULL DEFAULT now())");
  if (!created.ok()) return created;
  Result<PgRows> current =
      conn.Query("SELECT coalesce(max(version), 0) FROM keytrail_schema");
  if (!current.ok()) return current.error();
  const int64_t version = current->Int(0, 0);
  const int64_t newest = static_cast<int64_t>(Migrations().size());
  if (version > newest) {
    return Error::Make(ErrorCode::kInvalid,
                       "the database holds keytrail schema version " +
                           std::to_string(version) + "; this build knows " +
                           std::to_string(newest) + ": upgrade keytrail");
  }
  for (int64_t next = version + 1; next <= newest; ++next) {
    Status applied =
        conn.Run("BEGIN;\n" + Migrations()[next - 1] +
                 "\nINSERT INTO keytrail_schema (version) VALUES (" +
                 std::to_string(next) + ");\nCOMMIT;");
    if (!applied.ok()) {
      conn.RollbackQuietly();
      return Error::Make(applied.error().code, "applying schema migration " +
                                                   std::to_string(next) + ": " +
                                                   applied.error().message);
    }
  }
  return OkStatus();
}

}  // namespace

Status Migrate(PgConnection& conn) {
  Status locked =
      conn.Run(std::string("SELECT pg_advisory_lock(") + kMigrationLock + ")");
  if (!locked.ok()) return locked;
  Status applied = Apply(conn);
  Status unlocked = conn.Run(std::string("SELECT pg_advisory_unlock(") +
                             kMigrationLock + ")");
  if (!applied.ok()) return applied;
  return unlocked;
}

}  // namespace keytrail::eventstore
