// keytrail as-of: the tokens, groups or users as they were right after an
// event (a seq) or at a time, rebuilt from the log of a data directory
// (server stopped) or a backup.
//
//   keytrail as-of 1200 tokens [--account acme] [--json] [--data ./data]
//   keytrail as-of 2026-11-24T10:00:00Z users
#include <iostream>
#include <memory>
#include <string>

#include "audit/as_of_report.h"
#include "audit/offline_store.h"
#include "tools/audit_cli.h"
#include "tools/commands.h"

namespace keytrail::tools {
namespace {

struct AsOfFlags {
  std::string point;
  std::string view;
  std::string account;
  bool json = false;
  std::string data_dir = "./data";
};

void RunAsOf(const AsOfFlags& flags) {
  Result<audit::OfflineDir> dir =
      audit::ResolveOfflineDir(flags.data_dir);
  if (!dir.ok()) FailCommand("as-of", dir.error());
  Result<std::unique_ptr<eventstore::EventStore>> store =
      audit::OpenOfflineStore(*dir);
  if (!store.ok()) FailCommand("as-of", store.error());
  const audit::AsOfView view =
      flags.view == "groups"  ? audit::AsOfView::kGroups
      : flags.view == "users" ? audit::AsOfView::kUsers
                              : audit::AsOfView::kTokens;
  Result<std::string> report = audit::AsOfReport(
      **store, {flags.point, view, flags.account, flags.json});
  if (!report.ok()) FailCommand("as-of", report.error());
  std::cout << *report;
}

}  // namespace

void AddAsOfCommand(CLI::App& app) {
  auto flags = std::make_shared<AsOfFlags>();
  CLI::App* command = app.add_subcommand(
      "as-of", "Show tokens, groups or users as they were at a seq or time");
  command->add_option("point", flags->point, "A seq or an RFC 3339 time")
      ->required();
  command->add_option("view", flags->view, "tokens, groups or users")
      ->required()
      ->check(CLI::IsMember({"tokens", "groups", "users"}));
  command->add_option("--account", flags->account, "Only this account");
  command->add_flag("--json", flags->json, "Print JSON instead of a table");
  command
      ->add_option("--data", flags->data_dir,
                   "Data directory (or a backup of the store)")
      ->envname("KEYTRAIL_DATA")
      ->capture_default_str();
  command->callback([flags] { RunAsOf(*flags); });
}

}  // namespace keytrail::tools
