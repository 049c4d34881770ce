// PgSideTable: a SideTable (event_store.h) as the rows of one `name` in
// keytrail_side_tables (name text, key bytea, value bytea): bytea sorts
// bytewise, as the contract asks. Every node shares the table. A kDerived
// table's writes commit with synchronous_commit off (no WAL flush wait;
// PostgreSQL still applies them in order).
//
// Thread safety: every method may be called concurrently (each call takes
// its own pooled connection). The pool must outlive the table.
#ifndef KEYTRAIL_EVENTSTORE_POSTGRES_PG_SIDE_TABLE_H_
#define KEYTRAIL_EVENTSTORE_POSTGRES_PG_SIDE_TABLE_H_

#include <string>

#include "eventstore/event_store.h"
#include "eventstore/postgres/pg_connection.h"

namespace keytrail::eventstore {

class PgSideTable final : public SideTable {
 public:
  PgSideTable(PgPool* pool, std::string name, bool durable)
      : pool_(pool), name_(std::move(name)), durable_(durable) {}

  Status Put(const std::string& key, const std::string& value) override;
  Status Delete(const std::string& key) override;
  Result<std::optional<std::string>> Get(const std::string& key) override;
  Status Scan(const std::string& from, const std::string& to,
              const std::function<bool(const std::string&, const std::string&)>&
                  visit) override;
  Status Write(
      const std::vector<std::pair<std::string, std::optional<std::string>>>&
          changes) override;

 private:
  Status ScanOver(
      PgConnection& conn, const std::string& from, const std::string& to,
      const std::function<bool(const std::string&, const std::string&)>& visit);

  PgPool* const pool_;
  const std::string name_;
  const bool durable_;
};

}  // namespace keytrail::eventstore

#endif  // KEYTRAIL_EVENTSTORE_POSTGRES_PG_SIDE_TABLE_H_
