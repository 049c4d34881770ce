// What every keytrail command shares: the exit codes, error printing and
// progress feeding.
//
// Exit codes, the same for every command: 0 done (verified), 1 a
// verification found a problem, 2 the command could not run (bad input, no
// store, a failed write), 3 another process (the server) holds the data
// directory's store.
#ifndef KEYTRAIL_TOOLS_AUDIT_CLI_H_
#define KEYTRAIL_TOOLS_AUDIT_CLI_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <string_view>

#include "base/result.h"
#include "tools/data_dir.h"
#include "tools/progress.h"

namespace keytrail::tools {

inline constexpr int kExitProblem = 1;
inline constexpr int kExitCannotRun = 2;
inline constexpr int kExitServerRunning = 3;

// Prints "keytrail <command>: <message>" (a validation error: each field's
// reason instead) to stderr and exits with 2, or 3 when the store is held
// (kUnavailable).
[[noreturn]] void FailCommand(std::string_view command, const Error& error);
// The same, with DataDir::Locked()'s message when the store is held.
[[noreturn]] void FailCommand(std::string_view command, const Error& error,
                              const DataDir& dir);

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
