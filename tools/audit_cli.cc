#include "tools/audit_cli.h"

#include <CLI/CLI.hpp>
#include <iostream>

namespace keytrail::tools {

void FailCommand(std::string_view command, const Error& error) {
  // A validation error's reasons are in its fields; its message only says
  // "the request is not valid".
  std::cerr << "keytrail " << command << ": ";
  if (error.fields.empty()) std::cerr << error.message;
  for (size_t i = 0; i < error.fields.size(); ++i) {
    std::cerr << (i ? "; " : "") << error.fields[i].field << ": "
              << error.fields[i].message;
  }
  std::cerr << "\n";
  throw CLI::RuntimeError(error.code == ErrorCode::kUnavailable
                              ? kExitServerRunning
                              : kExitCannotRun);
}

void FailCommand(std::string_view command, const Error& error,
                 const DataDir& dir) {
  FailCommand(command,
              error.code == ErrorCode::kUnavailable ? dir.Locked() : error);
}

void ProgressFeed::operator()(uint64_t done, uint64_t total) {
  const double elapsed = seconds();
  reporter_.Update(done, total, elapsed > 0 ? done / elapsed : 0);
}

double ProgressFeed::seconds() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                       start_)
      .count();
}

}  // namespace keytrail::tools
