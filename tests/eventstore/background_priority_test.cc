// RocksDB's flush and compaction threads run at background priority
// (rocks_tuning.h, LowerBackgroundThreadsPriority): a store that flushed
// and compacted leaves its pools' threads at nice 19.
#include "base/background_priority.h"

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "tests/eventstore/store_test_util.h"

namespace keytrail::eventstore::testing {
namespace {

namespace fs = std::filesystem;

// The nice value of every thread of this process named `name`, as "19 19".
std::string NiceOfThreadsNamed(const std::string& name) {
  std::string nices;
  for (const fs::directory_entry& task :
       fs::directory_iterator("/proc/self/task")) {
    std::ifstream comm_file(task.path() / "comm");
    std::string comm;
    std::getline(comm_file, comm);
    if (comm != name) continue;
    std::ifstream stat_file(task.path() / "stat");
    std::string stat((std::istreambuf_iterator<char>(stat_file)), {});
    // Fields after the ")" closing the name: state is field 3, nice 19.
    std::istringstream fields(stat.substr(stat.rfind(')') + 2));
    std::string field;
    for (int i = 3; i <= 19 && fields >> field; ++i) {
    }
    nices += (nices.empty() ? "" : " ") + field;
  }
  return nices;
}

BOOST_AUTO_TEST_SUITE(RocksBackgroundPriority)

BOOST_AUTO_TEST_CASE(FlushAndCompactionThreadsRunAtBackgroundPriority) {
  test::TempDir dir;
  auto store = OpenStore(PathIn(dir, "store"));
  // An erasable table's Delete flushes it (the high pool) and compacts the
  // range (the low pool), and waits for both.
  SideTable* table = store->Table("vault", SideTableWrites::kErasable);
  BOOST_REQUIRE(table->Put("tok_1", "value").ok());
  BOOST_REQUIRE(table->Delete("tok_1").ok());
  const std::string background = std::to_string(kBackgroundNice);
  for (const std::string name : {"rocksdb:high", "rocksdb:low"}) {
    BOOST_TEST_CONTEXT(name) {
      const std::string nices = NiceOfThreadsNamed(name);
      BOOST_TEST(!nices.empty());
      // Every thread of the pool that ran a job since the store opened.
      BOOST_TEST((" " + nices + " ").find(" " + background + " ") !=
                 std::string::npos);
      BOOST_TEST((" " + nices + " ").find(" 0 ") == std::string::npos);
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail::eventstore::testing
