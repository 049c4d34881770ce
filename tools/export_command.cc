// keytrail export: the audit log as JSON lines for an auditor, from a data
// directory (server stopped) or a backup, ending in the signed tree head
// the events are consistent with (format: audit/audit_export.h,
// docs/auditing.md).
//
//   keytrail export [--data ./data] [--account A] [--from-seq N]
//                   [--to-seq M] [--output audit.jsonl]
//
// Writes to stdout unless --output is given; progress and a summary go to
// stderr.
#include <chrono>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>

#include "base/hex.h"
#include "audit/audit_export.h"
#include "audit/audit_format.h"
#include "audit/offline_store.h"
#include "tools/audit_cli.h"
#include "tools/commands.h"

namespace keytrail::tools {
namespace {

struct ExportFlags {
  std::string data_dir = "./data";
  std::string account;
  uint64_t from_seq = 1;
  uint64_t to_seq = 0;
  std::string output;
};

Micros Now() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void RunExport(const ExportFlags& flags) {
  using namespace http::audit;
  Result<OfflineDir> dir = ResolveOfflineDir(flags.data_dir);
  if (!dir.ok()) FailCommand("export", dir.error());
  std::optional<AuditKey> key;
  if (dir->data_dir) {
    Result<AuditKey> loaded = AuditKey::Load(*dir->data_dir);
    if (loaded.ok()) key = std::move(*loaded);
  }
  Result<std::unique_ptr<eventstore::EventStore>> store =
      OpenOfflineStore(*dir);
  if (!store.ok()) FailCommand("export", store.error());
  HeadLog heads(*(*store)->Table(std::string(kHeadsTable)));

  std::ofstream file;
  if (!flags.output.empty()) {
    file.open(flags.output, std::ios::binary | std::ios::trunc);
    if (!file) {
      FailCommand("export", Error::Make(ErrorCode::kIoError,
                                        "cannot write " + flags.output));
    }
  }
  std::ostream& out = flags.output.empty() ? std::cout : file;
  ProgressReporter reporter("export");
  ProgressFeed feed(reporter);
  ExportOptions options;
  options.account = flags.account;
  options.from_seq = flags.from_seq;
  options.to_seq = flags.to_seq;
  options.progress = [&](uint64_t done, uint64_t total) { feed(done, total); };
  Result<ExportSummary> summary =
      ExportAudit(**store, heads, key ? &*key : nullptr, Now(), options, out);
  if (!summary.ok()) FailCommand("export", summary.error());
  out.flush();
  reporter.Finish(summary->events, feed.seconds());
  std::cerr << "exported " << summary->events << " events, " << summary->omitted
            << " omitted subtrees; signed head: " << summary->head.tree_size
            << " events, root " << HexOf(summary->head.root_hash) << "\n";
}

}  // namespace

void AddExportCommand(CLI::App& app) {
  auto flags = std::make_shared<ExportFlags>();
  CLI::App* command = app.add_subcommand(
      "export", "Export the audit log as JSON lines with its signed head");
  command
      ->add_option("--data", flags->data_dir,
                   "Data directory (or a backup of the store)")
      ->envname("KEYTRAIL_DATA")
      ->capture_default_str();
  command->add_option("--account", flags->account, "Only this account");
  command->add_option("--from-seq", flags->from_seq, "First seq")
      ->check(CLI::PositiveNumber);
  command->add_option("--to-seq", flags->to_seq, "Last seq (0: the head)");
  command->add_option("--output,-o", flags->output,
                      "Write here instead of stdout");
  command->callback([flags] { RunExport(*flags); });
}

}  // namespace keytrail::tools
