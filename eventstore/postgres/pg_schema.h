// The PostgreSQL schema of the event store and its versioned migrations
// (the tables are described in eventstore/README.md). keytrail creates and
// upgrades the schema itself: Migrate() takes a session advisory lock, so
// when several nodes start at once exactly one applies each migration, in
// its own transaction, and records it in keytrail_schema; the others wait
// and then find nothing left to do.
//
// Thread safety: Migrate() uses only the connection it is given.
#ifndef KEYTRAIL_EVENTSTORE_POSTGRES_PG_SCHEMA_H_
#define KEYTRAIL_EVENTSTORE_POSTGRES_PG_SCHEMA_H_

#include "base/result.h"
#include "eventstore/postgres/pg_connection.h"

namespace keytrail::eventstore {

// The NOTIFY channel on which every commit of the log announces its head.
inline constexpr char kPgLogChannel[] = "keytrail_log";

// Brings the schema to the newest version this build knows. kInvalid when
// the database holds a newer schema (written by a newer keytrail).
Status Migrate(PgConnection& conn);

}  // namespace keytrail::eventstore

#endif  // KEYTRAIL_EVENTSTORE_POSTGRES_PG_SCHEMA_H_
