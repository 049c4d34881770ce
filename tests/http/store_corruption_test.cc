// A real store with a damaged block (bytes flipped in an SST file of its
// events, where no start-up read goes): the server starts, the background
// check finds the block, /readyz answers 503 with the reason, a log line
// names the file, and /v1/audit, which reads that block, answers the
// problem STORE_CORRUPTED instead of a bare 500.
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <thread>

#include "domain/events.h"
#include "eventstore/event_store_format.h"
#include "eventstore/rocks_db.h"
#include "rocksdb/metadata.h"
#include "routes/keytrail_server.h"
#include "routes/keytrail_service.h"
#include "tests/support/memory_event_store.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_server.h"

namespace keytrail::test {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

// A data directory with the operator and 1500 hard-to-compress events,
// flushed to SST files; returns the operator's secret.
std::string WriteStore(const fs::path& data) {
  http::ServiceOptions options;
  options.data_dir = data;
  options.durability = eventstore::Durability::kAsync;
  auto service = http::KeytrailService::Open(options);
  BOOST_REQUIRE(service.ok());
  const std::string secret = (*service)->operator_secret();
  AccountCreated account;
  account.account_id = "acme";
  account.name = "Acme";
  AppendEvent((*service)->store(), account, 1'700'000'000'000'000);
  std::mt19937_64 random(42);
  for (int i = 0; i < 1500; ++i) {
    GroupCreated group;
    group.account_id = "acme";
    group.group_id = "grp_" + std::to_string(i);
    for (int j = 0; j < 8; ++j) group.name += std::to_string(random());
    AppendEvent((*service)->store(), group, 1'700'000'000'000'000 + i);
  }
  BOOST_REQUIRE((*service)->Close().ok());  // checkpoints the projections
  return secret;
}

// Flushes the store and flips bytes inside the first data block of its
// oldest events file; returns that file's name ("000012.sst").
std::string DamageEventsFile(const fs::path& store) {
  auto db = eventstore::RocksDb::Open({}, store.string());
  BOOST_REQUIRE(db.ok());
  BOOST_REQUIRE((*db)->db()->Flush({}, (*db)->events()).ok());
  std::vector<rocksdb::LiveFileMetaData> files;
  (*db)->db()->GetLiveFilesMetaData(&files);
  std::string victim;
  uint64_t smallest = UINT64_MAX;
  for (const rocksdb::LiveFileMetaData& file : files) {
    if (file.column_family_name == eventstore::kEventsColumnFamily &&
        file.file_number < smallest) {
      smallest = file.file_number;
      victim = file.name;
    }
  }
  db->reset();
  BOOST_REQUIRE(!victim.empty());
  const fs::path path = store / victim.substr(1);
  BOOST_REQUIRE(fs::file_size(path) > 64u << 10);
  std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
  file.seekp(200);
  file.write("\xde\xad\xbe\xef\xde\xad\xbe\xef", 8);
  return victim.substr(1);
}

BOOST_AUTO_TEST_SUITE(StoreCorruption)

// It damages a block of a RocksDB table file by hand.
BOOST_AUTO_TEST_CASE(DamagedBlockMakesReadyz503AndAuditAClearProblem,
                     *OnRocksDbOnly()) {
  ConfigureTestLogging();
  TempDir dir;
  const std::string secret = WriteStore(dir.path());
  const std::string file = DamageEventsFile(dir.path() / "store");

  std::ostringstream captured;
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(captured);
  spdlog::default_logger()->sinks().push_back(sink);
  {
    http::KeytrailOptions options;
    options.server = TestServer::DefaultOptions();
    options.data_dir = dir.path();
    auto server = http::KeytrailServer::Open(std::move(options));
    BOOST_TEST_REQUIRE(server.ok(),
                       (server.ok() ? "" : server.error().message));
    BOOST_TEST_REQUIRE((*server)->Start().ok());
    HttpClient client((*server)->port());
    ClientResponse ready;
    for (int i = 0; i < 200; ++i) {
      ready = client.Get("/readyz");
      if (ready.status == 503) break;
      std::this_thread::sleep_for(50ms);
    }
    BOOST_TEST(ready.status == 503);
    BOOST_TEST(ready.Json().at("code") == "UNAVAILABLE");
    BOOST_TEST(ready.body.find(file) != std::string::npos, ready.body);

    ClientResponse audit = client.Get("/v1/audit?after_seq=0&limit=5",
                                      {{"Authorization", "Bearer " + secret}});
    BOOST_TEST(audit.status == 500);
    BOOST_TEST(audit.Json().at("code") == "STORE_CORRUPTED", audit.body);
    (*server)->Stop();
  }
  auto& sinks = spdlog::default_logger()->sinks();
  sinks.erase(std::find(sinks.begin(), sinks.end(), sink));
  const std::string log = captured.str();
  BOOST_TEST(log.find("event store check failed") != std::string::npos, log);
  BOOST_TEST(log.find(file) != std::string::npos, log);
}

BOOST_AUTO_TEST_CASE(AnIntactStoreIsCheckedAndReady) {
  TestServer server;
  HttpClient client = server.Client();
  for (int i = 0; i < 100 && !server.server().service().StoreProblem(); ++i) {
    std::this_thread::sleep_for(10ms);
  }
  BOOST_TEST(!server.server().service().StoreProblem().has_value());
  BOOST_TEST(client.Get("/readyz").status == 200);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail::test
