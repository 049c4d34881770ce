// What every keytrail command shares (tools/audit_cli.h, tools/data_dir.h),
// tried with the real binary on a real data directory: bare `keytrail`
// helps; a store held by a running server is exit 3 with one message for
// every command; validation reasons reach the user; an inverted export
// range is refused; verify-log takes the key inline; the CLI and HTTP
// backups have one layout, and both restore as <data>/store.
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <string>
#include <vector>

#include "tests/support/api.h"
#include "tests/support/keytrail_process.h"
#include "tests/support/temp_dir.h"

namespace keytrail::test {
namespace {

namespace fs = std::filesystem;

// A data directory with acme's account in it; `server` runs on it until
// Stop().
struct Served {
  TempDir root;
  fs::path data = root.path() / "data";
  std::string quoted = Quoted(data.string());
  ServeProcess server{data};
  Api op{server.Client(), server.operator_secret()};
  Served() { op.CreateAccount("acme"); }
};

// `out` without its first "keytrail <command>: " prefix.
std::string Message(const std::string& out) {
  const size_t colon = out.find(": ");
  return colon == std::string::npos ? out : out.substr(colon + 2);
}

BOOST_AUTO_TEST_SUITE(CliConventions)

BOOST_AUTO_TEST_CASE(BareKeytrailPrintsHelp) {
  CommandRun bare = RunKeytrail("");
  BOOST_TEST(bare.code == 0, bare.out);
  BOOST_TEST(bare.out.find("serve") != std::string::npos, bare.out);
  BOOST_TEST(bare.out.find("verify-log") != std::string::npos, bare.out);
}

BOOST_FIXTURE_TEST_CASE(ALockedStoreIsExit3WithOneMessage, Served) {
  const std::string backup = Quoted((root.path() / "b").string());
  const std::vector<std::string> commands = {
      "rebuild --data " + quoted,
      "operator-token --rotate --data " + quoted,
      "backup " + backup + " --data " + quoted,
      "export --data " + quoted,
      "verify-store --data " + quoted,
      "as-of 1 tokens --data " + quoted,
      "timeline tok_x --data " + quoted,
  };
  const std::string expected =
      "the store in " + data.string() + " is in use by another process";
  std::string first;
  for (const std::string& command : commands) {
    CommandRun run = RunKeytrail(command);
    BOOST_TEST(run.code == 3, command << ": " << run.out);
    BOOST_TEST(Message(run.out).starts_with(expected),
               command << ": " << run.out);
    if (first.empty()) first = Message(run.out);
    BOOST_TEST(Message(run.out) == first, command);
  }
  // A second server on the same directory says the same.
  CommandRun serve = RunKeytrail("serve --listen 127.0.0.1:0 --data " + quoted);
  BOOST_TEST(serve.code == 3, serve.out);
  BOOST_TEST(serve.out.find(expected) != std::string::npos, serve.out);
}

BOOST_FIXTURE_TEST_CASE(OfflineCommandsExplainWhatIsWrong, Served) {
  boost::json::value key = op.Call("GET", "/v1/audit/public-key").Json();
  const std::string hex(key.at("public_key").as_string());
  BOOST_REQUIRE(server.Stop() == 0);

  CommandRun as_of = RunKeytrail("as-of yesterday tokens --data " + quoted);
  BOOST_TEST(as_of.code == 2, as_of.out);
  BOOST_TEST(
      as_of.out.find("must be a seq or an RFC 3339 time") != std::string::npos,
      as_of.out);
  BOOST_TEST(as_of.out.find("the request is not valid") == std::string::npos,
             as_of.out);

  CommandRun inverted =
      RunKeytrail("export --from-seq 30 --to-seq 20 --data " + quoted);
  BOOST_TEST(inverted.code == 2, inverted.out);
  BOOST_TEST(inverted.out.find("--to-seq 20 is before --from-seq 30") !=
                 std::string::npos,
             inverted.out);

  const std::string file = Quoted((root.path() / "audit.jsonl").string());
  BOOST_REQUIRE(RunKeytrail("export -o " + file + " --data " + quoted).code ==
                0);
  CommandRun inline_key =
      RunKeytrail("verify-log " + file + " --public-key " + hex);
  BOOST_TEST(inline_key.code == 0, inline_key.out);
  BOOST_TEST(inline_key.out.find("OK: ") != std::string::npos, inline_key.out);
}

BOOST_FIXTURE_TEST_CASE(CliAndHttpBackupsShareOneLayoutAndRestore, Served) {
  fs::create_directories(root.path() / "backups");
  const fs::path http_copy = root.path() / "backups" / "http";
  ClientResponse online = op.Call("POST", "/v1/admin/backup",
                                  R"({"dir":")" + http_copy.string() + "\"}");
  BOOST_REQUIRE_MESSAGE(online.status == 201, online.body);
  BOOST_REQUIRE(server.Stop() == 0);
  const fs::path cli_copy = root.path() / "backups" / "cli";
  CommandRun offline =
      RunKeytrail("backup " + Quoted(cli_copy.string()) + " --data " + quoted);
  BOOST_REQUIRE_MESSAGE(offline.code == 0, offline.out);

  for (const fs::path& copy : {http_copy, cli_copy}) {
    // One layout: the copy is a store (what <data>/store holds).
    BOOST_TEST(fs::exists(copy / "CURRENT"), copy);
    BOOST_TEST(!fs::exists(copy / "store"), copy);
    CommandRun checked =
        RunKeytrail("verify-store --data " + Quoted(copy.string()));
    BOOST_TEST(checked.code == 0, checked.out);
    // Restore as docs/deploy.md says: the copy becomes <data>/store of a
    // data directory that holds the same keys.
    const fs::path restored =
        root.path() / ("restored-" + copy.filename().string());
    fs::create_directories(restored);
    fs::copy(copy, restored / "store", fs::copy_options::recursive);
    for (const fs::directory_entry& entry : fs::directory_iterator(data)) {
      if (entry.is_regular_file()) {
        fs::copy(entry.path(), restored / entry.path().filename());
      }
    }
    ServeProcess again(restored);
    Api api(again.Client(), op.secret());
    BOOST_TEST(api.Call("GET", "/v1/accounts/acme").status == 200, copy);
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail::test
