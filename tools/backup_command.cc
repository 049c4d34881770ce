// keytrail backup: an offline backup of the event store, for when the
// server is stopped (it holds the store's lock while it runs; then use
// POST /v1/admin/backup instead, see docs/deploy.md).
//
//   keytrail backup /var/backups/keytrail/2026-11-24 [--data ./data]
//
// Writes a consistent copy of <data>/store into <dir>/store (a fresh
// directory: it must not exist). The master key and audit keys are not
// copied. Exit codes: 0 done, 1 failed, 3 the server is running.
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>

#include "eventstore/event_store.h"
#include "tools/commands.h"

namespace keytrail::tools {

namespace {

constexpr char kStoreDir[] = "store";

struct BackupFlags {
  std::string dir;
  std::string data_dir = "./data";
};

[[noreturn]] void Fail(const std::string& message, int exit_code) {
  std::cerr << "keytrail backup: " << message << "\n";
  throw CLI::RuntimeError(exit_code);
}

void RunBackup(const BackupFlags& flags) {
  std::error_code ec;
  if (std::filesystem::exists(flags.dir, ec)) {
    Fail(flags.dir + " exists already; give a new directory", 1);
  }
  eventstore::EventStoreOptions options;
  options.create_if_missing = false;
  std::filesystem::path store_dir =
      std::filesystem::path(flags.data_dir) / kStoreDir;
  Result<std::unique_ptr<eventstore::EventStore>> store =
      eventstore::EventStore::Open(options, store_dir.string());
  if (!store.ok()) {
    if (store.error().code == ErrorCode::kUnavailable) {
      Fail(store.error().message +
               "\n  the server holds the store; back up through it: "
               "POST /v1/admin/backup {\"dir\": \"/abs/path\"}",
           3);
    }
    Fail(store.error().message, 1);
  }
  std::filesystem::create_directories(flags.dir, ec);
  if (ec) Fail("cannot create " + flags.dir + ": " + ec.message(), 1);
  std::string target = (std::filesystem::path(flags.dir) / kStoreDir).string();
  if (Status done = (*store)->Backup(target); !done.ok()) {
    Fail(done.error().message, 1);
  }
  std::cout << "keytrail backup: " << (*store)->HeadSeq() << " events in "
            << target << "\n";
}

}  // namespace

void AddBackupCommand(CLI::App& app) {
  auto flags = std::make_shared<BackupFlags>();
  CLI::App* backup = app.add_subcommand(
      "backup", "Copy the event store into a new directory (server stopped)");
  backup->add_option("dir", flags->dir, "Directory to create for the copy")
      ->required();
  backup->add_option("--data", flags->data_dir, "Data directory")
      ->envname("KEYTRAIL_DATA")
      ->capture_default_str();
  backup->callback([flags] { RunBackup(*flags); });
}

}  // namespace keytrail::tools
