// Sources, Linux proc(5):
//   /proc/self/stat    field 14 utime, 15 stime (clock ticks), 22 starttime
//                      (ticks after boot), 23 vsize (bytes), 24 rss (pages);
//                      fields counted after the `)` that ends field 2.
//   /proc/stat         "btime <seconds since the epoch>" (boot time).
//   /proc/self/fd      one entry per open descriptor.
//   getrlimit(RLIMIT_NOFILE) for the descriptor limit.
#include "http/process_metrics.h"

#include <sys/resource.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#ifndef KEYTRAIL_VERSION
#define KEYTRAIL_VERSION "unknown"
#endif

namespace keytrail::http {

namespace {

// The fields of /proc/self/stat after the command name, field 3 first.
std::vector<std::string> StatFields() {
  std::ifstream in("/proc/self/stat");
  std::string line;
  if (!std::getline(in, line)) return {};
  const size_t end = line.rfind(')');
  if (end == std::string::npos) return {};
  std::istringstream rest(line.substr(end + 1));
  std::vector<std::string> fields;
  for (std::string field; rest >> field;) fields.push_back(field);
  return fields;
}

std::optional<double> BootTime() {
  std::ifstream in("/proc/stat");
  for (std::string key; in >> key;) {
    if (key == "btime") {
      double seconds = 0;
      if (in >> seconds) return seconds;
      return std::nullopt;
    }
    in.ignore(std::numeric_limits<std::streamsize>::max(), '\n');
  }
  return std::nullopt;
}

std::optional<double> OpenFds() {
  std::error_code ec;
  std::filesystem::directory_iterator it("/proc/self/fd", ec);
  if (ec) return std::nullopt;
  double count = 0;
  for (; it != std::filesystem::directory_iterator(); it.increment(ec)) {
    if (ec) return std::nullopt;
    ++count;
  }
  return count - 1;  // the iterator's own descriptor
}

}  // namespace

const char* BuildVersion() { return KEYTRAIL_VERSION; }

void WriteProcessMetrics(MetricsWriter& out) {
  const std::vector<std::string> stat = StatFields();
  const double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
  const double page = static_cast<double>(sysconf(_SC_PAGESIZE));
  // Field n of proc(5) is stat[n - 3].
  auto field = [&stat](size_t n) { return std::stod(stat.at(n - 3)); };
  if (stat.size() >= 22 && ticks > 0 && page > 0) {
    out.Counter("process_cpu_seconds_total",
                "User and system CPU time spent, in seconds.",
                (field(14) + field(15)) / ticks);
    out.Gauge("process_virtual_memory_bytes", "Virtual memory size in bytes.",
              field(23));
    out.Gauge("process_resident_memory_bytes", "Resident memory size in bytes.",
              field(24) * page);
    if (std::optional<double> boot = BootTime()) {
      out.Gauge("process_start_time_seconds",
                "Start time of the process since the Unix epoch, in seconds.",
                std::floor(*boot + field(22) / ticks));
    }
  }
  if (std::optional<double> fds = OpenFds()) {
    out.Gauge("process_open_fds", "Number of open file descriptors.", *fds);
  }
  if (rlimit limit{}; getrlimit(RLIMIT_NOFILE, &limit) == 0 &&
                      limit.rlim_cur != RLIM_INFINITY) {
    out.Gauge("process_max_fds", "Maximum number of open file descriptors.",
              static_cast<double>(limit.rlim_cur));
  }
  out.Family("keytrail_build_info",
             "Always 1; the version keytrail was built as is a label.", "gauge",
             std::string("keytrail_build_info{version=\"") + BuildVersion() +
                 "\"} 1\n");
}

}  // namespace keytrail::http
