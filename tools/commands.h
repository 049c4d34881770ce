// The keytrail subcommands. Each Add*Command() registers one subcommand on
// the app, with its flags and a callback that runs it; a failing command
// throws CLI::RuntimeError(exit_code), which CLI11 turns into the exit
// code. Adding a subcommand is one declaration here and one line in
// keytrail_main.cc.
#ifndef KEYTRAIL_TOOLS_COMMANDS_H_
#define KEYTRAIL_TOOLS_COMMANDS_H_

#include <CLI/CLI.hpp>

namespace keytrail::tools {

// keytrail serve: runs the HTTP server until SIGINT or SIGTERM.
void AddServeCommand(CLI::App& app);

// keytrail timeline: a token's events from the data directory (server
// stopped); see timeline_command.cc.
void AddTimelineCommand(CLI::App& app);

// keytrail backup: a copy of the event store while the server is stopped;
// see backup_command.cc.
void AddBackupCommand(CLI::App& app);

void AddOperatorTokenCommand(CLI::App& app);

void AddRebuildCommand(CLI::App& app);

// keytrail keys init: the key files, outside the data directory; see
// keys_command.cc.
void AddKeysCommand(CLI::App& app);

// The auditor's commands (docs/auditing.md): export, verify-log,
// verify-store and as-of; see their *_command.cc.
void AddExportCommand(CLI::App& app);
void AddVerifyLogCommand(CLI::App& app);
void AddVerifyStoreCommand(CLI::App& app);
// keytrail migrate: copies a store RocksDB <-> PostgreSQL, checked.
void AddMigrateCommand(CLI::App& app);
void AddAsOfCommand(CLI::App& app);

}  // namespace keytrail::tools

#endif  // KEYTRAIL_TOOLS_COMMANDS_H_
