// keytrail migrate: copies a whole store to another one, RocksDB to
// PostgreSQL or back, with the servers stopped:
//
//   keytrail migrate --from ./data --to postgresql://keytrail@db/keytrail
//   keytrail migrate --from postgresql://... --to /var/lib/keytrail-new
//
// Every event is appended to the (empty) target in seq order, so it keeps
// its seq, stream version, id, time, actor, payload and idempotency key;
// the target recomputes each leaf hash from the same fields and the tree
// from them, and the copy is checked: every leaf hash and the tree root of
// the whole log must equal the source's, else it fails. The signed heads
// (audit_heads) and the vault's ciphertexts are copied as they are; the
// checkpoints and the usage table are not (the nodes rebuild them from
// the log). The key files stay where they are: give the target nodes the
// same ones. A directory target becomes a data directory (<to>/store).
// Exit codes: 0 copied and checked, 1 refused or failed, 2 cannot run,
// 3 the source store is held by a running server.
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "audit/audit_events.h"
#include "audit/audit_format.h"
#include "audit/offline_store.h"
#include "base/hex.h"
#include "eventstore/postgres/pg_connection.h"
#include "tools/audit_cli.h"
#include "tools/commands.h"

namespace keytrail::tools {
namespace {

// Side tables that are state, not folds of the log: copied as they are.
// "vault" is the vault's table (routes/keytrail_service.cc).
const std::vector<std::string>& CopiedTables() {
  static const std::vector<std::string> tables = {
      std::string(audit::kHeadsTable), "vault"};
  return tables;
}

constexpr size_t kEventsPerCall = 1024;
constexpr size_t kRowsPerWrite = 1000;

struct MigrateFlags {
  std::string from;
  std::string to;
};

[[noreturn]] void Fail(const std::string& message) {
  std::cerr << "keytrail migrate: " << message << "\n";
  throw CLI::RuntimeError(kExitProblem);
}

std::unique_ptr<eventstore::EventStore> OpenSource(const std::string& from) {
  Result<audit::OfflineDir> dir = eventstore::IsPostgresLocation(from)
                                      ? audit::ResolveOfflineDir("", from)
                                      : audit::ResolveOfflineDir(from);
  if (!dir.ok()) FailCommand("migrate", dir.error());
  Result<std::unique_ptr<eventstore::EventStore>> store =
      audit::OpenOfflineStore(*dir);
  if (!store.ok()) FailCommand("migrate", store.error());
  return std::move(store).value();
}

std::unique_ptr<eventstore::EventStore> OpenTarget(const std::string& to) {
  const std::string location =
      eventstore::IsPostgresLocation(to)
          ? to
          : (std::filesystem::path(to) / "store").string();
  Result<std::unique_ptr<eventstore::EventStore>> store =
      eventstore::EventStore::Open({}, location);
  if (!store.ok()) FailCommand("migrate", store.error());
  if ((*store)->HeadSeq() != 0) {
    Fail("the target " + to + " holds " + std::to_string((*store)->HeadSeq()) +
         " events already; migrate copies into an empty store only");
  }
  return std::move(store).value();
}

// Appends every event of `from` to `to` in seq order; checks each seq and
// leaf hash. Returns the number of events.
uint64_t CopyEvents(eventstore::EventStore& from, eventstore::EventStore& to) {
  std::vector<eventstore::RecordedEvent> events;
  uint64_t next = 1;
  const uint64_t head = from.HeadSeq();
  while (next <= head) {
    if (Status read = from.ReadAllInto(next, kEventsPerCall, &events);
        !read.ok()) {
      FailCommand("migrate", read.error());
    }
    if (events.empty()) Fail("the source ends before its head");
    std::vector<eventstore::StreamAppend> appends;
    for (const eventstore::RecordedEvent& event : events) {
      Result<std::string> data = audit::AuditDataJson(event);
      if (!data.ok()) {
        Fail("event " + std::to_string(event.seq) +
             " does not decode: " + data.error().message);
      }
      eventstore::NewEvent copy{
          event.id,   event.type,           event.schema_version,
          event.time, event.actor,          event.payload,
          *data,      event.idempotency_key};
      appends.push_back({event.stream,
                         eventstore::ExpectedVersion::Any(),
                         {std::move(copy)}});
    }
    std::vector<Result<eventstore::AppendResult>> results =
        to.AppendEach(std::move(appends));
    for (size_t i = 0; i < results.size(); ++i) {
      const eventstore::RecordedEvent& event = events[i];
      if (!results[i].ok()) {
        Fail("appending event " + std::to_string(event.seq) + ": " +
             results[i].error().message);
      }
      if (results[i]->last_seq != event.seq ||
          results[i]->last_version != event.version) {
        Fail("event " + std::to_string(event.seq) + " landed at seq " +
             std::to_string(results[i]->last_seq) +
             ": was the target written meanwhile?");
      }
    }
    Result<std::vector<eventstore::RecordedEvent>> copied =
        to.ReadAll(next, events.size());
    if (!copied.ok()) FailCommand("migrate", copied.error());
    for (size_t i = 0; i < events.size(); ++i) {
      if (i >= copied->size() ||
          (*copied)[i].leaf_hash != events[i].leaf_hash) {
        Fail("event " + std::to_string(events[i].seq) +
             " has another leaf hash in the copy: the source does not "
             "verify (run keytrail verify-store on it)");
      }
    }
    next = events.back().seq + 1;
    std::cerr << "\rkeytrail migrate: " << next - 1 << " / " << head
              << " events" << std::flush;
  }
  std::cerr << "\n";
  return head;
}

uint64_t CopyTable(eventstore::EventStore& from, eventstore::EventStore& to,
                   const std::string& name) {
  std::vector<std::pair<std::string, std::optional<std::string>>> rows;
  uint64_t copied = 0;
  eventstore::SideTable& target = *to.Table(name);
  const auto flush = [&] {
    if (Status written = target.Write(rows); !written.ok()) {
      FailCommand("migrate", written.error());
    }
    copied += rows.size();
    rows.clear();
  };
  Status scanned = from.Table(name)->Scan(
      "", "", [&](const std::string& key, const std::string& value) {
        rows.emplace_back(key, value);
        if (rows.size() >= kRowsPerWrite) flush();
        return true;
      });
  if (!scanned.ok()) FailCommand("migrate", scanned.error());
  flush();
  return copied;
}

void RunMigrate(const MigrateFlags& flags) {
  std::unique_ptr<eventstore::EventStore> from = OpenSource(flags.from);
  std::unique_ptr<eventstore::EventStore> to = OpenTarget(flags.to);
  const uint64_t events = CopyEvents(*from, *to);
  std::cout << "keytrail migrate: " << events << " events";
  for (const std::string& table : CopiedTables()) {
    std::cout << ", " << CopyTable(*from, *to, table) << " rows of " << table;
  }
  std::cout << "\n";
  Result<std::string> source_root = from->TreeRoot(events);
  Result<std::string> target_root = to->TreeRoot(events);
  if (!source_root.ok()) FailCommand("migrate", source_root.error());
  if (!target_root.ok()) FailCommand("migrate", target_root.error());
  if (*source_root != *target_root) {
    Fail("the tree roots differ: " + HexOf(*source_root) + " vs " +
         HexOf(*target_root));
  }
  std::cout << "OK: tree root " << HexOf(*target_root) << " of " << events
            << " events on both sides\n";
}

}  // namespace

void AddMigrateCommand(CLI::App& app) {
  auto flags = std::make_shared<MigrateFlags>();
  CLI::App* command = app.add_subcommand(
      "migrate",
      "Copy a store to an empty one (RocksDB <-> PostgreSQL), keeping seq, "
      "ids, leaf hashes and signed heads (servers stopped)");
  command
      ->add_option("--from", flags->from,
                   "Source: a data directory, a store directory or a "
                   "postgresql:// URL")
      ->required();
  command
      ->add_option("--to", flags->to,
                   "Target: a postgresql:// URL or a new data directory")
      ->required();
  command->callback([flags] { RunMigrate(*flags); });
}

}  // namespace keytrail::tools
