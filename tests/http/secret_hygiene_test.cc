// Secret hygiene (docs/api.md §2): every secret keytrail hands out — the
// operator's, group and personal tokens, regenerated and revealed ones —
// must appear nowhere but in the response that issued it: not in any file
// of the data directory (RocksDB SST, WAL, MANIFEST, OPTIONS, the master
// key's directory), not in the debug logs, not in /metrics. The revealable
// vault keeps secrets AES-256-GCM encrypted, so plaintext must not appear
// there either.
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "tests/support/api.h"
#include "tests/support/keytrail_process.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_server.h"

namespace keytrail::test {
namespace {

namespace fs = std::filesystem;

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// While alive, everything written to stderr (the JSON logs) goes to a file,
// and the default logger logs at debug.
class CapturedLogs {
 public:
  explicit CapturedLogs(const fs::path& file) : file_(file) {
    std::fflush(stderr);
    saved_ = dup(STDERR_FILENO);
    std::FILE* out = std::fopen(file.c_str(), "w");
    BOOST_REQUIRE(out != nullptr);
    dup2(fileno(out), STDERR_FILENO);
    std::fclose(out);
    level_ = spdlog::default_logger()->level();
    spdlog::default_logger()->set_level(spdlog::level::debug);
  }
  ~CapturedLogs() {
    spdlog::default_logger()->flush();
    spdlog::default_logger()->set_level(level_);
    std::fflush(stderr);
    dup2(saved_, STDERR_FILENO);
    close(saved_);
  }
  std::string Text() const {
    spdlog::default_logger()->flush();
    std::fflush(stderr);
    return ReadFile(file_);
  }

 private:
  fs::path file_;
  int saved_ = -1;
  spdlog::level::level_enum level_ = spdlog::level::warn;
};

// "where: secret" for each secret (or its 38 characters after "kt_") found
// in `text`; empty when none is.
std::string Hits(const std::string& where, const std::string& text,
                 const std::vector<std::string>& secrets) {
  std::string hits;
  for (const std::string& secret : secrets) {
    if (text.find(secret) != std::string::npos ||
        text.find(secret.substr(3)) != std::string::npos) {
      hits += where + " holds " + secret + "\n";
    }
  }
  return hits;
}

std::string ScanDirectory(const fs::path& dir,
                          const std::vector<std::string>& secrets, int* files) {
  std::string hits;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    ++*files;
    hits += Hits(entry.path().string(), ReadFile(entry.path()), secrets);
  }
  return hits;
}

std::string Secret(const ClientResponse& response) {
  BOOST_REQUIRE_MESSAGE(response.status / 100 == 2, response.body);
  return std::string(response.Json().at("secret").as_string());
}

BOOST_FIXTURE_TEST_CASE(NoIssuedSecretReachesDiskLogsOrMetrics, TestServer) {
  TempDir logs_dir;
  CapturedLogs logs(logs_dir.path() / "keytrail.log");
  std::vector<std::string> secrets = {server().operator_secret()};
  BOOST_REQUIRE(!secrets[0].empty());

  Api api(Client(), secrets[0]);
  api.CreateAccount("acme");
  api.SetSettings("acme", R"({"secret_visibility":"revealable"})");
  std::string group = api.CreateGroup("acme", "ERP", "api", {"*"});
  std::string user_group = api.CreateGroup("acme", "People", "user", {"*"});
  const std::string tokens = "/v1/accounts/acme/tokens";

  CreatedToken group_token = api.CreateToken("acme", "ERP sync", {group});
  secrets.push_back(group_token.secret);
  std::string user =
      api.CreateUser("acme", "ana@acme.test", {user_group}, {"api_per_user"});
  CreatedToken personal = api.CreatePersonalToken("acme", user, "laptop");
  secrets.push_back(personal.secret);
  secrets.push_back(
      Secret(api.Call("POST", tokens + "/" + group_token.id + ":regenerate",
                      R"({"grace_seconds":0})")));
  std::string revealed =
      Secret(api.Call("POST", tokens + "/" + group_token.id + ":reveal"));
  BOOST_TEST(revealed == secrets.back());
  // Idempotent replay answers the first response again.
  std::string body = R"({"name":"replayed","groups":[")" + group + "\"]}";
  secrets.push_back(
      Secret(api.Call("POST", tokens, body, {{"Idempotency-Key", "k-1"}})));
  api.Call("POST", tokens, body, {{"Idempotency-Key", "k-1"}});

  // Errors with secrets in every place a client may put them.
  const std::string old = group_token.secret;  // revoked by the regenerate
  BOOST_TEST(api.VerifyCode(old) == "REVOKED");
  Api stale(Client(), old);
  BOOST_TEST(stale.Call("GET", tokens).status == 401);
  BOOST_TEST(Client().Get("/v1/nowhere?secret=" + old).status == 404);
  BOOST_TEST(Client().Get("/v1/auth", {{"X-Api-Key", old}}).status / 100 == 4);
  BOOST_TEST(api.Call("POST", tokens, R"({"name":")" + old + "\"").status ==
             400);
  BOOST_TEST(api.Call("GET", tokens + "/" + old).status == 404);
  BOOST_TEST(
      Client().Post("/v1/verify", std::string(70 * 1024, 'x') + old).status ==
      413);
  for (const std::string& secret : secrets) api.VerifyCode(secret);
  BOOST_TEST(Hits("/metrics", Client().Get("/metrics").body, secrets) == "");
  // The audit export, once its route is served.
  ClientResponse audit = api.Call("GET", "/v1/audit?limit=1000");
  if (audit.status == 200) {
    BOOST_TEST(Hits("/v1/audit", audit.body, secrets) == "");
  } else {
    BOOST_TEST_MESSAGE("no audit export to scan yet: " << audit.status);
  }

  int files = 0;
  BOOST_TEST(ScanDirectory(data_dir(), secrets, &files) == "");
  // After a clean stop (store closed, projection checkpoint written).
  Restart();
  int files_after = 0;
  BOOST_TEST(ScanDirectory(data_dir(), secrets, &files_after) == "");
  std::string log_text = logs.Text();
  BOOST_TEST(log_text.find("\"msg\":\"request\"") != std::string::npos);
  BOOST_TEST(Hits("logs", log_text, secrets) == "");
  BOOST_TEST_MESSAGE("scanned " << files << " files, then " << files_after
                                << " after a restart, and " << log_text.size()
                                << " bytes of logs for " << secrets.size()
                                << " secrets");
  if (TestStoreIsPostgres()) {
    // The store is the cluster's database (the data directory holds only
    // the keys): its whole content, with bytea in escape format so that
    // printable bytes, as a secret's, stay as they are.
    CommandRun dump = RunShell(
        "PGOPTIONS='-c bytea_output=escape' "
        "/usr/lib/postgresql/15/bin/pg_dump --data-only " +
        Quoted(store_url()));
    BOOST_TEST_REQUIRE(dump.code == 0, dump.out);
    BOOST_TEST(dump.out.find("keytrail_events") != std::string::npos);
    BOOST_TEST(Hits("the database", dump.out, secrets) == "");
    BOOST_TEST_MESSAGE("and " << dump.out.size() << " bytes of pg_dump");
  } else {
    BOOST_TEST(files > 3);
  }
}

}  // namespace
}  // namespace keytrail::test
