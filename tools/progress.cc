#include "tools/progress.h"

#include <unistd.h>

#include <algorithm>

namespace keytrail::tools {

namespace {

constexpr int kBarWidth = 30;

std::string Eta(uint64_t done, uint64_t total, double per_second) {
  if (per_second <= 0 || done >= total) return "0s";
  long seconds = static_cast<long>((total - done) / per_second);
  if (seconds < 120) return std::to_string(seconds) + "s";
  return std::to_string(seconds / 60) + "m" + std::to_string(seconds % 60) +
         "s";
}

}  // namespace

ProgressReporter::ProgressReporter(std::string what, std::FILE* out)
    : what_(std::move(what)), out_(out), terminal_(isatty(fileno(out)) == 1) {}

void ProgressReporter::Update(uint64_t done, uint64_t total,
                              double per_second) {
  const double fraction =
      total == 0 ? 1.0 : std::min(1.0, static_cast<double>(done) / total);
  if (terminal_) {
    const int filled = static_cast<int>(fraction * kBarWidth);
    std::fprintf(out_, "\r%s [%s%s] %5.1f%% %llu/%llu %.0f ev/s ETA %s   ",
                 what_.c_str(), std::string(filled, '#').c_str(),
                 std::string(kBarWidth - filled, '.').c_str(), 100.0 * fraction,
                 static_cast<unsigned long long>(done),
                 static_cast<unsigned long long>(total), per_second,
                 Eta(done, total, per_second).c_str());
    std::fflush(out_);
    return;
  }
  const auto now = std::chrono::steady_clock::now();
  if (now - last_line_ < std::chrono::seconds(1)) return;
  last_line_ = now;
  std::fprintf(out_, "%s: %llu/%llu events (%.1f%%), %.0f events/s, ETA %s\n",
               what_.c_str(), static_cast<unsigned long long>(done),
               static_cast<unsigned long long>(total), 100.0 * fraction,
               per_second, Eta(done, total, per_second).c_str());
}

void ProgressReporter::Finish(uint64_t done, double seconds) {
  if (terminal_) std::fprintf(out_, "\n");
  std::fprintf(out_, "%s: %llu events in %.2f s (%.0f events/s)\n",
               what_.c_str(), static_cast<unsigned long long>(done), seconds,
               seconds > 0 ? done / seconds : 0.0);
}

}  // namespace keytrail::tools
