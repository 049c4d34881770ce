// keytrail verify-log: checks an export offline — every leaf recomputed,
// the root recomputed and compared with the signed head, the head's
// signature checked with the server's public key. On failure it names the
// first bad seq and what differs.
//
//   keytrail verify-log audit.jsonl --public-key audit_key.pub
//
// The public key is a PEM file (the data directory's audit_key.pub, or the
// "pem" of GET /v1/audit/public-key) or 64 hex digits. "-" reads stdin.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>

#include "base/hex.h"
#include "audit/audit_key.h"
#include "audit/export_verifier.h"
#include "tools/audit_cli.h"
#include "tools/commands.h"

namespace keytrail::tools {
namespace {

struct VerifyLogFlags {
  std::string export_file;
  std::string public_key_file;
};

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return Error::Make(ErrorCode::kIoError, "cannot read " + path);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

void RunVerifyLog(const VerifyLogFlags& flags) {
  using namespace http::audit;
  Result<std::string> key_text = ReadFile(flags.public_key_file);
  if (!key_text.ok()) FailCommand("verify-log", key_text.error());
  Result<std::string> public_key = ParsePublicKey(*key_text);
  if (!public_key.ok()) FailCommand("verify-log", public_key.error());
  std::ifstream file;
  if (flags.export_file != "-") {
    file.open(flags.export_file, std::ios::binary);
    if (!file) {
      FailCommand(
          "verify-log",
          Error::Make(ErrorCode::kIoError, "cannot read " + flags.export_file));
    }
  }
  std::error_code ec;
  const uint64_t size = flags.export_file == "-"
                            ? 0
                            : std::filesystem::file_size(flags.export_file, ec);
  ProgressReporter reporter("verify-log");
  ProgressFeed feed(reporter);
  Result<ExportVerdict> verdict = VerifyExport(
      flags.export_file == "-" ? std::cin : file, *public_key,
      [&](uint64_t events, uint64_t bytes) {
        // The total is estimated from the share of the file read so far.
        feed(events,
             size > bytes && bytes > 0 ? events * size / bytes : events);
      });
  if (!verdict.ok()) FailCommand("verify-log", verdict.error());
  reporter.Finish(verdict->events, feed.seconds());
  if (!verdict->ok) {
    std::cout << "FAILED: " << verdict->problem << "\n";
    throw CLI::RuntimeError(kExitProblem);
  }
  std::cout << "OK: " << verdict->events << " events verified against the "
            << "head of " << verdict->head.tree_size << " events, root "
            << HexOf(verdict->head.root_hash) << ", signed "
            << FormatRfc3339(verdict->head.timestamp) << "\n";
}

}  // namespace

void AddVerifyLogCommand(CLI::App& app) {
  auto flags = std::make_shared<VerifyLogFlags>();
  CLI::App* command = app.add_subcommand(
      "verify-log", "Verify an export offline against the signed head");
  command->add_option("export", flags->export_file, "Export file, or -")
      ->required();
  command
      ->add_option("--public-key", flags->public_key_file,
                   "The server's public key (PEM or hex)")
      ->required();
  command->callback([flags] { RunVerifyLog(*flags); });
}

}  // namespace keytrail::tools
