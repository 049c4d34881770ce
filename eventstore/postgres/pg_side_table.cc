#include "eventstore/postgres/pg_side_table.h"

#include <map>
#include <string_view>

namespace keytrail::eventstore {
namespace {

// Rows per upsert statement (2 parameters each, plus the name; PostgreSQL
// allows 65535).
constexpr size_t kRowsPerUpsert = 10000;
constexpr char kDelete[] =
    "DELETE FROM keytrail_side_tables WHERE name = $1 AND key = $2";
// Rows per Scan page.
constexpr int kScanPage = 1000;

}  // namespace

Status PgSideTable::Put(const std::string& key, const std::string& value) {
  return Write({{key, value}});
}

Status PgSideTable::Delete(const std::string& key) {
  return Write({{key, std::nullopt}});
}

Result<std::optional<std::string>> PgSideTable::Get(const std::string& key) {
  return pool_->With<std::optional<std::string>>(
      [&](PgConnection& conn) -> Result<std::optional<std::string>> {
        Result<PgRows> rows = conn.Query(
            "SELECT value FROM keytrail_side_tables "
            "WHERE name = $1 AND key = $2",
            PgParams().Text(name_).Bytes(key));
        if (!rows.ok()) return rows.error();
        if (rows->size() == 0) return std::optional<std::string>();
        return std::optional<std::string>(std::string(rows->Bytes(0, 0)));
      });
}

Status PgSideTable::Scan(
    const std::string& from, const std::string& to,
    const std::function<bool(const std::string&, const std::string&)>& visit) {
  return pool_->With<Ok>([&](PgConnection& conn) -> Status {
    return ScanOver(conn, from, to, visit);
  });
}

Status PgSideTable::ScanOver(
    PgConnection& conn, const std::string& from, const std::string& to,
    const std::function<bool(const std::string&, const std::string&)>& visit) {
  std::string after;
  bool first = true;
  std::string key;
  std::string value;
  for (;;) {
    PgParams params;
    params.Text(name_).Bytes(first ? from : after);
    std::string sql = std::string(
                          "SELECT key, value FROM keytrail_side_tables "
                          "WHERE name = $1 AND key ") +
                      (first ? ">=" : ">") + " $2";
    if (!to.empty()) {
      sql += " AND key < $3";
      params.Bytes(to);
    }
    sql += " ORDER BY key LIMIT " + std::to_string(kScanPage);
    Result<PgRows> rows = conn.Query(sql.c_str(), params);
    if (!rows.ok()) return rows.error();
    for (int i = 0; i < rows->size(); ++i) {
      key.assign(rows->Bytes(i, 0));
      value.assign(rows->Bytes(i, 1));
      if (!visit(key, value)) return OkStatus();
    }
    if (rows->size() < kScanPage) return OkStatus();
    after = key;
    first = false;
  }
}

Status PgSideTable::Write(
    const std::vector<std::pair<std::string, std::optional<std::string>>>&
        changes) {
  if (changes.empty()) return OkStatus();
  // Puts and deletes of given values are safe to repeat, so a write whose
  // COMMIT answer was lost may be retried. One round trip: the statements
  // go as one pipeline, the puts as multi-row upserts.
  std::vector<PgStatement> statements;
  statements.push_back({"BEGIN", {}});
  if (!durable_) {
    statements.push_back({"SET LOCAL synchronous_commit TO off", {}});
  }
  // The last change of each key is what the write leaves (an upsert may
  // not touch one row twice).
  std::map<std::string_view, const std::optional<std::string>*> last;
  for (const auto& [key, value] : changes) last[key] = &value;
  PgStatement upsert;
  size_t rows = 0;
  auto flush = [&] {
    if (rows == 0) return;
    upsert.sql +=
        " ON CONFLICT (name, key) DO UPDATE SET value = EXCLUDED.value";
    statements.push_back(std::move(upsert));
    upsert = {};
    rows = 0;
  };
  for (const auto& [key, value] : last) {
    if (!value->has_value()) {
      statements.push_back(
          {kDelete, PgParams().Text(name_).Bytes(std::string(key))});
      continue;
    }
    if (rows == 0) {
      upsert.sql =
          "INSERT INTO keytrail_side_tables (name, key, value) VALUES ";
      upsert.params.Text(name_);
    } else {
      upsert.sql += ',';
    }
    const size_t n = upsert.params.size();
    upsert.sql +=
        "($1,$" + std::to_string(n + 1) + ",$" + std::to_string(n + 2) + ")";
    upsert.params.Bytes(std::string(key)).Bytes(**value);
    if (++rows == kRowsPerUpsert) flush();
  }
  flush();
  statements.push_back({"COMMIT", {}});
  return pool_->With<Ok>([&](PgConnection& conn) -> Status {
    Result<std::vector<PgRows>> done = conn.Pipeline(statements);
    if (!done.ok()) {
      conn.RollbackQuietly();
      return done.error();
    }
    return OkStatus();
  });
}

}  // namespace keytrail::eventstore
