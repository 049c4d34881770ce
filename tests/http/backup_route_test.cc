// POST /v1/admin/backup: the online backup through the running server.
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <string>

#include "eventstore/event_store.h"
#include "tests/support/api.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_server.h"

namespace keytrail::test {
namespace {

std::string Body(const std::filesystem::path& dir) {
  return R"({"dir":")" + dir.string() + "\"}";
}

BOOST_FIXTURE_TEST_CASE(OperatorBacksUpTheRunningStore, TestServer) {
  Api api(Client(), server().operator_secret());
  api.CreateAccount("acme");
  TempDir backups;
  std::filesystem::path dir = backups.path() / "b1";
  ClientResponse done = api.Call("POST", "/v1/admin/backup", Body(dir));
  if (TestStoreIsPostgres()) {
    // A cluster's store is backed up with PostgreSQL's tools: refused,
    // saying so, and nothing written.
    BOOST_TEST(done.status == 400, done.body);
    BOOST_TEST(done.body.find("pg_dump") != std::string::npos, done.body);
    BOOST_TEST(!std::filesystem::exists(dir));
    return;
  }
  BOOST_TEST_REQUIRE(done.status == 201, done.body);
  uint64_t head = done.Json().at("head_seq").to_number<uint64_t>();
  BOOST_TEST(head > 0u);

  eventstore::EventStoreOptions options;
  options.create_if_missing = false;
  auto copy = eventstore::EventStore::Open(options, dir.string());
  BOOST_TEST_REQUIRE(copy.ok());
  BOOST_TEST((*copy)->HeadSeq() >= head);
}

BOOST_FIXTURE_TEST_CASE(BackupRefusesRelativeExistingAndNonOperator,
                        TestServer) {
  Api api(Client(), server().operator_secret());
  api.CreateAccount("acme");
  TempDir backups;
  BOOST_TEST(
      api.Call("POST", "/v1/admin/backup", R"({"dir":"rel/x"})").status == 400);
  BOOST_TEST(
      api.Call("POST", "/v1/admin/backup", Body(backups.path())).status == 409);
  std::string group = api.CreateGroup("acme", "All", "api", {"*"});
  CreatedToken token = api.CreateToken("acme", "admin", {group});
  Api tenant(Client(), token.secret);
  BOOST_TEST(
      tenant.Call("POST", "/v1/admin/backup", Body(backups.path() / "b2"))
          .status == 403);
  BOOST_TEST(!std::filesystem::exists(backups.path() / "b2"));
}

}  // namespace
}  // namespace keytrail::test
