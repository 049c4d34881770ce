// keytrail: the one binary. Subcommands live in their own files
// (commands.h); this main only assembles them.
//
//   keytrail --version
//   keytrail serve --listen 127.0.0.1:8080 --data ./data
#include <CLI/CLI.hpp>

#include "tools/commands.h"

int main(int argc, char** argv) {
  CLI::App app{"keytrail: API tokens as an immutable, tamper-evident event log",
               "keytrail"};
  app.set_version_flag("--version", "keytrail " KEYTRAIL_VERSION);
  app.require_subcommand(1);
  keytrail::tools::AddServeCommand(app);
  keytrail::tools::AddTimelineCommand(app);
  keytrail::tools::AddBackupCommand(app);
  keytrail::tools::AddOperatorTokenCommand(app);
  keytrail::tools::AddRebuildCommand(app);
  keytrail::tools::AddExportCommand(app);
  keytrail::tools::AddVerifyLogCommand(app);
  keytrail::tools::AddVerifyStoreCommand(app);
  keytrail::tools::AddMigrateCommand(app);
  keytrail::tools::AddAsOfCommand(app);
  CLI11_PARSE(app, argc, argv);
  return 0;
}
