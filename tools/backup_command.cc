// keytrail backup: an offline backup of the event store, for when the
// server is stopped (it holds the store's lock while it runs; then use
// POST /v1/admin/backup instead, see docs/deploy.md).
//
//   keytrail backup /var/backups/keytrail/2026-11-24 [--data ./data]
//
// Writes a consistent copy of <data>/store into <dir> (a fresh directory:
// it must not exist), the same layout as POST /v1/admin/backup: <dir> is a
// store, which the offline commands read as it is (--data <dir>) and which
// restores as <data>/store. The vault and audit keys are not copied.
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>

#include "eventstore/event_store.h"
#include "tools/audit_cli.h"
#include "tools/commands.h"
#include "tools/data_dir.h"

namespace keytrail::tools {

namespace {

struct BackupFlags {
  std::string dir;
  DataDir data;
};

void RunBackup(const BackupFlags& flags) {
  std::error_code ec;
  if (std::filesystem::exists(flags.dir, ec)) {
    FailCommand(
        "backup",
        Error::Make(ErrorCode::kConflict,
                    flags.dir + " exists already; give a new directory"));
  }
  Result<std::unique_ptr<eventstore::EventStore>> store =
      flags.data.OpenStore();
  if (!store.ok()) FailCommand("backup", store.error(), flags.data);
  const std::filesystem::path parent =
      std::filesystem::absolute(flags.dir, ec).parent_path();
  if (std::filesystem::create_directories(parent, ec); ec) {
    FailCommand("backup", Error::Make(ErrorCode::kIoError,
                                      "cannot create " + parent.string() +
                                          ": " + ec.message()));
  }
  if (Status done = (*store)->Backup(flags.dir); !done.ok()) {
    FailCommand("backup", done.error());
  }
  std::cout << "keytrail backup: " << (*store)->HeadSeq() << " events in "
            << flags.dir << "\n";
}

}  // namespace

void AddBackupCommand(CLI::App& app) {
  auto flags = std::make_shared<BackupFlags>();
  CLI::App* backup = app.add_subcommand(
      "backup", "Copy the event store into a new directory (server stopped)");
  backup->add_option("dir", flags->dir, "Directory to create for the copy")
      ->required();
  flags->data.AddOption(*backup);
  backup->callback([flags] { RunBackup(*flags); });
}

}  // namespace keytrail::tools
