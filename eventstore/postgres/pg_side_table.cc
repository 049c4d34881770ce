#include "eventstore/postgres/pg_side_table.h"

namespace keytrail::eventstore {
namespace {

constexpr char kUpsert[] =
    "INSERT INTO keytrail_side_tables (name, key, value) VALUES ($1, $2, $3) "
    "ON CONFLICT (name, key) DO UPDATE SET value = EXCLUDED.value";
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
  // COMMIT answer was lost may be retried.
  return pool_->With<Ok>([&](PgConnection& conn) -> Status {
    Status status = conn.Run(
        durable_ ? "BEGIN" : "BEGIN; SET LOCAL synchronous_commit TO off");
    for (size_t i = 0; status.ok() && i < changes.size(); ++i) {
      const auto& [key, value] = changes[i];
      Result<PgRows> done =
          value ? conn.Query(kUpsert,
                             PgParams().Text(name_).Bytes(key).Bytes(*value))
                : conn.Query(kDelete, PgParams().Text(name_).Bytes(key));
      if (!done.ok()) status = done.error();
    }
    if (status.ok()) status = conn.Run("COMMIT");
    if (!status.ok()) conn.RollbackQuietly();
    return status;
  });
}

}  // namespace keytrail::eventstore
