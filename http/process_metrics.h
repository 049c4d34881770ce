// Process and build metrics, read at each scrape: the standard process_*
// families of Prometheus client libraries (from /proc/self) and
// keytrail_build_info{version}. docs/metrics.md lists them.
//
// Thread safety: WriteProcessMetrics() from any thread.
#ifndef KEYTRAIL_HTTP_PROCESS_METRICS_H_
#define KEYTRAIL_HTTP_PROCESS_METRICS_H_

#include "http/metrics.h"

namespace keytrail::http {

// The version this binary was built as (CMake's PROJECT_VERSION).
const char* BuildVersion();

// Writes process_resident_memory_bytes, process_virtual_memory_bytes,
// process_cpu_seconds_total, process_open_fds, process_max_fds,
// process_start_time_seconds and keytrail_build_info. A figure /proc does
// not give (another OS, a restricted /proc) is left out, never made up.
void WriteProcessMetrics(MetricsWriter& out);

}  // namespace keytrail::http

#endif  // KEYTRAIL_HTTP_PROCESS_METRICS_H_
