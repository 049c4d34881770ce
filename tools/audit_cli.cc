#include "tools/audit_cli.h"

#include <CLI/CLI.hpp>
#include <iostream>

namespace keytrail::tools {

void FailCommand(std::string_view command, const Error& error) {
  std::cerr << "keytrail " << command << ": " << error.message << "\n";
  throw CLI::RuntimeError(error.code == ErrorCode::kUnavailable
                              ? kExitServerRunning
                              : kExitCannotRun);
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
