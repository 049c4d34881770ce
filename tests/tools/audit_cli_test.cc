// The auditor's commands of the keytrail binary (KEYTRAIL_BINARY) on a data
// directory written by a real KeytrailService: export → verify-log,
// verify-store before and after tampering, as-of, and the refusal while
// the server holds the store.
#include <sys/wait.h>

#include <boost/test/unit_test.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "domain/events.h"
#include "eventstore/event_store_format.h"
#include "eventstore/rocks_db.h"
#include "routes/keytrail_service.h"
#include "tests/support/memory_event_store.h"
#include "tests/support/temp_dir.h"

namespace keytrail::test {
namespace {

namespace fs = std::filesystem;

struct Run {
  int code = -1;
  std::string out;  // stdout and stderr
};

// Runs the keytrail binary with `args`.
Run Keytrail(const std::string& args) {
  const char* binary = std::getenv("KEYTRAIL_BINARY");
  BOOST_REQUIRE_MESSAGE(binary != nullptr, "KEYTRAIL_BINARY is not set");
  const std::string line = std::string("'") + binary + "' " + args + " 2>&1";
  Run run;
  std::FILE* pipe = popen(line.c_str(), "r");
  BOOST_REQUIRE(pipe != nullptr);
  char buffer[4096];
  for (size_t n; (n = std::fread(buffer, 1, sizeof(buffer), pipe)) > 0;) {
    run.out.append(buffer, n);
  }
  const int status = pclose(pipe);
  run.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

// A data directory with the operator's events and a few of acme's.
struct DataDir {
  TempDir dir;
  std::string data = dir.path().string();

  DataDir() {
    http::ServiceOptions options;
    options.data_dir = dir.path();
    auto service = http::KeytrailService::Open(options);
    BOOST_REQUIRE(service.ok());
    AccountCreated account;
    account.account_id = "acme";
    account.name = "Acme";
    AppendEvent((*service)->store(), account, 1'700'000'000'000'000);
    for (int i = 0; i < 5; ++i) {
      GroupCreated group;
      group.account_id = "acme";
      group.group_id = "grp_" + std::to_string(i);
      group.name = "Group " + std::to_string(i);
      AppendEvent((*service)->store(), group, 1'700'000'000'000'000 + i);
    }
    BOOST_REQUIRE((*service)->Close().ok());  // signs a last head
  }
};

BOOST_AUTO_TEST_SUITE(AuditCli)

BOOST_FIXTURE_TEST_CASE(ExportThenVerifyLog, DataDir) {
  const std::string file = (dir.path() / "audit.jsonl").string();
  Run exported = Keytrail("export --data '" + data + "' -o '" + file + "'");
  BOOST_TEST(exported.code == 0, exported.out);
  BOOST_TEST(exported.out.find("exported 9 events") != std::string::npos,
             exported.out);
  Run verified = Keytrail("verify-log '" + file + "' --public-key '" + data +
                          "/audit_key.pub'");
  BOOST_TEST(verified.code == 0, verified.out);
  BOOST_TEST(verified.out.find("OK: 9 events verified") != std::string::npos,
             verified.out);

  Run acme = Keytrail("export --data '" + data + "' --account acme");
  BOOST_TEST(acme.code == 0);
  BOOST_TEST(acme.out.find(R"("account_id":"_system")") == std::string::npos);
  BOOST_TEST(
      Keytrail("verify-log '" + file + "' --public-key /nonexistent").code ==
      2);
}

BOOST_FIXTURE_TEST_CASE(ABackupExportsAndVerifiesWithoutTheKey, DataDir) {
  const std::string backup = (dir.path() / "backup").string();
  {
    eventstore::EventStoreOptions options;
    options.create_if_missing = false;
    auto store = eventstore::EventStore::Open(options, data + "/store");
    BOOST_REQUIRE(store.ok());
    BOOST_REQUIRE((*store)->Backup(backup).ok());
  }
  const std::string file = (dir.path() / "backup.jsonl").string();
  Run exported = Keytrail("export --data '" + backup + "' -o '" + file + "'");
  BOOST_TEST(exported.code == 0, exported.out);
  Run verified = Keytrail("verify-log '" + file + "' --public-key '" + data +
                          "/audit_key.pub'");
  BOOST_TEST(verified.code == 0, verified.out);
  Run checked = Keytrail("verify-store --data '" + backup + "'");
  BOOST_TEST(checked.code == 0, checked.out);
  BOOST_TEST(checked.out.find("signatures not checked") != std::string::npos,
             checked.out);
}

BOOST_FIXTURE_TEST_CASE(VerifyStoreNamesATamperedSeq, DataDir) {
  Run clean = Keytrail("verify-store --data '" + data + "'");
  BOOST_TEST(clean.code == 0, clean.out);
  BOOST_TEST(clean.out.find("OK: 9 events and their tree") != std::string::npos,
             clean.out);
  {
    auto db = eventstore::RocksDb::Open({}, data + "/store");
    BOOST_REQUIRE(db.ok());
    std::string record;
    BOOST_REQUIRE((*db)
                      ->db()
                      ->Get(rocksdb::ReadOptions(), (*db)->events(),
                            eventstore::SeqKey(7), &record)
                      .ok());
    record[record.size() - 3] ^= 0x20;
    BOOST_REQUIRE((*db)
                      ->db()
                      ->Put(rocksdb::WriteOptions(), (*db)->events(),
                            eventstore::SeqKey(7), record)
                      .ok());
  }
  Run tampered = Keytrail("verify-store --data '" + data + "'");
  BOOST_TEST(tampered.code == 1, tampered.out);
  BOOST_TEST(tampered.out.find("seq 7 was altered") != std::string::npos,
             tampered.out);
}

BOOST_FIXTURE_TEST_CASE(AsOfShowsTheViewsThen, DataDir) {
  Run groups = Keytrail("as-of 6 groups --account acme --data '" + data + "'");
  BOOST_TEST(groups.code == 0, groups.out);
  BOOST_TEST(groups.out.find("as of seq 6") == 0, groups.out);
  BOOST_TEST(groups.out.find("Group 1") != std::string::npos);
  BOOST_TEST(groups.out.find("Group 2") == std::string::npos);
  Run json =
      Keytrail("as-of 9 groups --json --account acme --data '" + data + "'");
  BOOST_TEST(json.out.find(R"("name":"Group 4")") != std::string::npos,
             json.out);
  BOOST_TEST(Keytrail("as-of 99 tokens --data '" + data + "'").code == 2);
}

BOOST_FIXTURE_TEST_CASE(TheCommandsRefuseWhileTheServerRuns, DataDir) {
  http::ServiceOptions options;
  options.data_dir = dir.path();
  auto service = http::KeytrailService::Open(options);
  BOOST_REQUIRE(service.ok());
  Run refused = Keytrail("verify-store --data '" + data + "'");
  BOOST_TEST(refused.code == 3, refused.out);
  BOOST_TEST(refused.out.find("server is running") != std::string::npos,
             refused.out);
  BOOST_TEST(Keytrail("export --data '" + data + "'").code == 3);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail::test
