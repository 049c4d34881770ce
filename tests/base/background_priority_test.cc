// SetCurrentThreadNice(): one thread's priority, not the process's.
#include "base/background_priority.h"

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <thread>

namespace keytrail::eventstore {
namespace {

int NiceOf(long tid) {
  return getpriority(PRIO_PROCESS, static_cast<id_t>(tid));
}

BOOST_AUTO_TEST_SUITE(BackgroundPriority)

BOOST_AUTO_TEST_CASE(LowersOnlyTheCallingThread) {
  const long main_tid = syscall(SYS_gettid);
  const int main_before = NiceOf(main_tid);
  int inside = -100;
  bool lowered = false;
  std::thread worker([&] {
    lowered = SetCurrentThreadNice(kBackgroundNice);
    inside = NiceOf(syscall(SYS_gettid));
  });
  worker.join();
  BOOST_TEST(lowered);
  BOOST_TEST(inside == kBackgroundNice);
  BOOST_TEST(NiceOf(main_tid) == main_before);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail::eventstore
