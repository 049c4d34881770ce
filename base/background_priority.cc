#include "base/background_priority.h"

#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace keytrail {

bool SetCurrentThreadNice(int nice) {
#ifdef __linux__
  // PRIO_PROCESS with a thread id sets that thread's nice value only.
  const auto tid = static_cast<id_t>(syscall(SYS_gettid));
  return setpriority(PRIO_PROCESS, tid, nice) == 0;
#else
  (void)nice;
  return false;
#endif
}

}  // namespace keytrail
