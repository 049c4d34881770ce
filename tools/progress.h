// ProgressReporter: how the long-running CLI commands (rebuild, export,
// verify-store) show progress — a one-line bar redrawn in place on a
// terminal, plain progress lines (at most one per second) otherwise, so
// that logs of a non-interactive run stay readable.
//
// Not thread-safe: report from the thread doing the work.
#ifndef KEYTRAIL_TOOLS_PROGRESS_H_
#define KEYTRAIL_TOOLS_PROGRESS_H_

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>

namespace keytrail::tools {

class ProgressReporter {
 public:
  // Writes to `out` (stderr by default); `what` names the work ("rebuild").
  explicit ProgressReporter(std::string what, std::FILE* out = stderr);

  // Shows `done` of `total` items at `per_second`; the ETA follows from
  // them.
  void Update(uint64_t done, uint64_t total, double per_second);
  // Ends the bar with a final line.
  void Finish(uint64_t done, double seconds);

 private:
  std::string what_;
  std::FILE* out_;
  bool terminal_;
  std::chrono::steady_clock::time_point last_line_{};
};

}  // namespace keytrail::tools

#endif  // KEYTRAIL_TOOLS_PROGRESS_H_
