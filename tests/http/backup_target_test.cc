// POST /v1/admin/backup to a directory that cannot be made answers 400
// INVALID naming `dir` (never 500) and writes nothing anywhere: a missing
// parent, a parent that is a regular file, a name too long, a virtual file
// system (/proc), a path that is not normal. Over HTTP, real server.
#include <algorithm>
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "tests/support/api.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_server.h"

namespace keytrail::test {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> Listing(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    names.push_back(entry.path().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

BOOST_AUTO_TEST_SUITE(BackupTarget)

BOOST_FIXTURE_TEST_CASE(UncreatableDirAnswers400NamingDir, TestServer) {
  Api api(Client(), operator_secret());
  TempDir backups;
  std::ofstream(backups.path() / "file") << "x";
  const std::vector<std::string> before = Listing(backups.path());
  const std::vector<fs::path> refused = {
      backups.path() / "missing" / "b1",
      backups.path() / "file" / "b1",
      backups.path() / std::string(300, 'n'),
      backups.path() / std::string(253, 'n'),  // `<name>.tmp` is too long
      "/proc/keytrail-backup",
      fs::path(backups.path().string() + "/sub/../b1"),
      fs::path(backups.path().string() + "/b1/"),
  };
  for (const fs::path& dir : refused) {
    BOOST_TEST_CONTEXT(dir.string()) {
      boost::json::object body{{"dir", dir.string()}};
      ClientResponse answer =
          api.Call("POST", "/v1/admin/backup", boost::json::serialize(body));
      BOOST_TEST(answer.status == 400, answer.body);
      BOOST_TEST(answer.Json().at("code") == "INVALID");
      BOOST_TEST(answer.Json().at("errors").at(0).at("field") == "dir");
    }
  }
  BOOST_TEST(Listing(backups.path()) == before);
  BOOST_TEST(!fs::exists("/proc/keytrail-backup.tmp"));
  // The same server still backs up where it may.
  ClientResponse done = api.Call(
      "POST", "/v1/admin/backup",
      boost::json::serialize(
          boost::json::object{{"dir", (backups.path() / "ok").string()}}));
  // (A cluster's store is backed up with pg_dump: refused there.)
  BOOST_TEST(done.status == (TestStoreIsPostgres() ? 400 : 201), done.body);
  BOOST_TEST(!fs::exists(backups.path() / "ok.tmp"));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail::test
