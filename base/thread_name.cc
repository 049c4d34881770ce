#include "base/thread_name.h"

#include <string>

#if defined(__linux__)
#include <pthread.h>
#endif

namespace keytrail {

void NameThisThread(std::string_view name) {
#if defined(__linux__)
  const std::string cut(name.substr(0, 15));  // the kernel's 16 with NUL
  (void)pthread_setname_np(pthread_self(), cut.c_str());
#else
  (void)name;
#endif
}

void NameThisThreadOnce(std::string_view name) {
  thread_local bool named = false;
  if (named) return;
  named = true;
  NameThisThread(name);
}

}  // namespace keytrail
