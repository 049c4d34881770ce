// keytrail: the one binary. Subcommands live in their own files
// (commands.h); this main only assembles them.
//
//   keytrail                (help)
//   keytrail --version
//   keytrail serve --listen 127.0.0.1:8080 --data ./data
#include <CLI/CLI.hpp>
#include <iostream>

#include "tools/commands.h"

int main(int argc, char** argv) {
  CLI::App app{"keytrail: API tokens as an immutable, tamper-evident event log",
               "keytrail"};
  app.set_version_flag("--version", "keytrail " KEYTRAIL_VERSION);
  app.require_subcommand(0, 1);
  keytrail::tools::AddServeCommand(app);
  keytrail::tools::AddTimelineCommand(app);
  keytrail::tools::AddBackupCommand(app);
  keytrail::tools::AddOperatorTokenCommand(app);
  keytrail::tools::AddRebuildCommand(app);
  keytrail::tools::AddKeysCommand(app);
  keytrail::tools::AddExportCommand(app);
  keytrail::tools::AddVerifyLogCommand(app);
  keytrail::tools::AddVerifyStoreCommand(app);
  keytrail::tools::AddMigrateCommand(app);
  keytrail::tools::AddAsOfCommand(app);
  CLI11_PARSE(app, argc, argv);
  // Bare `keytrail`: what it can do.
  if (app.get_subcommands().empty()) std::cout << app.help();
  return 0;
}
