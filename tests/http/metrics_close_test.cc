// A metrics scrape racing the service's Close(): the scrape either reads
// the store's figures before the close begins or sees the service closed
// and reads nothing; it never reads a half-closed service (a data race on
// the `closed` flag, then a use of the store after it was freed).
#include <atomic>
#include <boost/test/unit_test.hpp>
#include <thread>

#include "routes/keytrail_server.h"
#include "tests/support/postgres_server.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_server.h"

namespace keytrail::test {
namespace {

BOOST_AUTO_TEST_SUITE(MetricsClose)

BOOST_AUTO_TEST_CASE(ScrapeDuringCloseReadsWholeFiguresOrNone) {
  ConfigureTestLogging();
  for (int round = 0; round < 5; ++round) {
    TempDir dir;
    http::KeytrailOptions options;
    options.server = TestServer::DefaultOptions();
    options.data_dir = dir.path();
    if (TestStoreIsPostgres()) {
      options.service.store = SharedPostgres().NewDatabase();
    }
    auto server = http::KeytrailServer::Open(std::move(options));
    BOOST_TEST_REQUIRE(server.ok());
    http::Metrics& metrics = (*server)->metrics();
    std::atomic<bool> started = false, done = false;
    std::atomic<int> with_store = 0;
    std::thread scraper([&] {
      while (!done.load()) {
        std::string text = metrics.Render();
        started = true;
        if (text.find("keytrail_log_head_seq") != std::string::npos) {
          ++with_store;
        }
      }
    });
    while (!started.load()) std::this_thread::yield();
    BOOST_TEST((*server)->service().Close().ok());
    done = true;
    scraper.join();
    BOOST_TEST(with_store.load() > 0);
    // Once closed, a scrape has nothing of the store.
    BOOST_TEST(metrics.Render().find("keytrail_log_head_seq") ==
               std::string::npos);
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail::test
