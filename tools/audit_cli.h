// Helpers shared by the auditor's commands (export, verify-log,
// verify-store, as-of): exit codes, error printing and progress feeding.
//
// Exit codes: 0 done (verified), 1 the verification found a problem, 2 the
// command could not run (bad input, no store), 3 the server is running on
// the data directory (it holds the store's lock).
#ifndef KEYTRAIL_TOOLS_AUDIT_CLI_H_
#define KEYTRAIL_TOOLS_AUDIT_CLI_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <string_view>

#include "base/result.h"
#include "tools/progress.h"

namespace keytrail::tools {

inline constexpr int kExitProblem = 1;
inline constexpr int kExitCannotRun = 2;
inline constexpr int kExitServerRunning = 3;

// Prints "keytrail <command>: <message>" to stderr and exits with 2 (3
// when the server holds the store).
[[noreturn]] void FailCommand(std::string_view command, const Error& error);

// Feeds (done, total) into `reporter` with the rate since this was made.
class ProgressFeed {
 public:
  explicit ProgressFeed(ProgressReporter& reporter) : reporter_(reporter) {}
  void operator()(uint64_t done, uint64_t total);
  double seconds() const;

 private:
  ProgressReporter& reporter_;
  const std::chrono::steady_clock::time_point start_ =
      std::chrono::steady_clock::now();
};

}  // namespace keytrail::tools

#endif  // KEYTRAIL_TOOLS_AUDIT_CLI_H_
