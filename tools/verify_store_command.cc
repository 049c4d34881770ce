// keytrail verify-store: walks the log of a data directory (server
// stopped) or a backup, recomputes every leaf hash from its event and every
// tree node from its children, and checks the signed tree heads kept with
// it; reports the exact seq of any altered, missing or reordered event.
//
//   keytrail verify-store [--data ./data] [--workers 1]
//
// Exit code 0 when everything holds, 1 when something does not.
#include <iostream>
#include <memory>
#include <string>

#include "audit/store_audit.h"
#include "tools/audit_cli.h"
#include "tools/commands.h"

namespace keytrail::tools {
namespace {

struct VerifyStoreFlags {
  std::string data_dir = "./data";
  int workers = 1;
};

void RunVerifyStore(const VerifyStoreFlags& flags) {
  ProgressReporter reporter("verify-store");
  ProgressFeed feed(reporter);
  audit::StoreAuditOptions options;
  options.dir = flags.data_dir;
  options.workers = flags.workers;
  options.progress = [&](uint64_t done, uint64_t total) { feed(done, total); };
  Result<audit::StoreAudit> audit = audit::AuditStore(options);
  if (!audit.ok()) FailCommand("verify-store", audit.error());
  reporter.Finish(audit->report.events, feed.seconds());
  for (const eventstore::StoreProblem& problem : audit->report.problems) {
    std::cout << (problem.seq ? "seq " + std::to_string(problem.seq) + " "
                              : std::string())
              << problem.what << "\n";
  }
  if (audit->report.more_problems > 0) {
    std::cout << "... and " << audit->report.more_problems
              << " more problems\n";
  }
  for (const std::string& problem : audit->head_problems) {
    std::cout << problem << "\n";
  }
  if (!audit->ok()) {
    std::cout << "FAILED: the store does not verify\n";
    throw CLI::RuntimeError(kExitProblem);
  }
  std::cout << "OK: " << audit->report.events << " events and their tree, "
            << audit->heads_checked << " signed heads"
            << (audit->signatures_checked ? ""
                                          : " (signatures not checked: "
                                            "no audit key here)")
            << "\n";
}

}  // namespace

void AddVerifyStoreCommand(CLI::App& app) {
  auto flags = std::make_shared<VerifyStoreFlags>();
  CLI::App* command = app.add_subcommand(
      "verify-store",
      "Check every event, the Merkle tree and the signed heads of a store");
  command
      ->add_option("--data", flags->data_dir,
                   "Data directory (or a backup of the store)")
      ->envname("KEYTRAIL_DATA")
      ->capture_default_str();
  command
      ->add_option("--workers", flags->workers,
                   "Threads hashing besides the reading one")
      ->check(CLI::Range(0, 64))
      ->capture_default_str();
  command->callback([flags] { RunVerifyStore(*flags); });
}

}  // namespace keytrail::tools
