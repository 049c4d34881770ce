// NameThisThread: the name the kernel reports for the thread, cut to 15
// bytes; NameThisThreadOnce names a thread only the first time.
#include "base/thread_name.h"

#include <sys/syscall.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <fstream>
#include <string>
#include <thread>

namespace keytrail {
namespace {

// What `ps -L` shows for the calling thread.
std::string KernelNameOfThisThread() {
  std::ifstream comm("/proc/self/task/" + std::to_string(syscall(SYS_gettid)) +
                     "/comm");
  std::string name;
  std::getline(comm, name);
  return name;
}

BOOST_AUTO_TEST_SUITE(ThreadName)

BOOST_AUTO_TEST_CASE(TheKernelShowsTheNameCutTo15Bytes) {
  std::string seen_short, seen_long;
  std::thread([&] {
    NameThisThread("kt-append");
    seen_short = KernelNameOfThisThread();
    NameThisThread("kt-a-name-longer-than-fifteen");
    seen_long = KernelNameOfThisThread();
  }).join();
  BOOST_TEST(seen_short == "kt-append");
  BOOST_TEST(seen_long == "kt-a-name-longe");
}

BOOST_AUTO_TEST_CASE(OnceNamesOnlyTheFirstTime) {
  std::string seen;
  std::thread([&] {
    NameThisThreadOnce("kt-apply");
    NameThisThreadOnce("kt-other");
    seen = KernelNameOfThisThread();
  }).join();
  BOOST_TEST(seen == "kt-apply");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail
