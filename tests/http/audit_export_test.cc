// Exports of a real server's log (audit/audit_export.h) checked by the
// C++ verifier and by docs/verify_export.py, the auditor's stdlib-only
// script: a whole export, one account's, a seq range, and edited copies;
// plus the script's inclusion and consistency checks of HTTP proofs.
#include "audit/audit_export.h"

#include <sys/wait.h>

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "audit/audit_format.h"
#include "audit/export_verifier.h"
#include "tests/support/api.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_server.h"

namespace keytrail::test {
namespace {

namespace fs = std::filesystem;
using audit::AuditKey;

const fs::path kScript =
    fs::path(__FILE__).parent_path() / "../../docs/verify_export.py";

struct Exporting : TestServer {
  Api op{Client(), operator_secret()};
  TempDir files;

  Exporting() {
    op.CreateAccount("acme");
    op.CreateAccount("globex");
    for (int i = 0; i < 6; ++i) {
      // A name that JSON must escape, and characters beyond ASCII (the body
      // is JSON, so the quotes travel escaped).
      op.CreateGroup(i % 2 ? "acme" : "globex",
                     "Group \\\"" + std::to_string(i) + "\\\" ünïcode", "api",
                     {"tokens:view"});
    }
  }

  // The export as text; `options` as the CLI would pass them.
  std::string Export(audit::ExportOptions options = {}) {
    eventstore::EventStore& store = server().service().store();
    audit::HeadLog heads(
        *store.Table(std::string(audit::kHeadsTable)));
    Result<AuditKey> key = AuditKey::Load(data_dir());
    BOOST_REQUIRE(key.ok());
    std::ostringstream out;
    Result<audit::ExportSummary> summary = audit::ExportAudit(
        store, heads, &*key, 1'800'000'000'000'000, options, out);
    BOOST_REQUIRE_MESSAGE(
        summary.ok(), (summary.ok() ? std::string() : summary.error().message));
    return out.str();
  }

  std::string PublicKeyFile() {
    return (data_dir() / audit::kPublicKeyFile).string();
  }

  // "OK" or the C++ verifier's problem.
  std::string VerifyInCpp(const std::string& text) {
    std::istringstream in(text);
    Result<AuditKey> key = AuditKey::Load(data_dir());
    Result<audit::ExportVerdict> verdict =
        audit::VerifyExport(in, key->public_key());
    if (!verdict.ok()) return "ERROR " + verdict.error().message;
    return verdict->ok ? "OK" : verdict->problem;
  }

  // The script's exit code on `command` with `texts` as its files.
  int Script(const std::string& command,
             const std::vector<std::string>& texts) {
    std::string args;
    for (size_t i = 0; i < texts.size(); ++i) {
      const fs::path file = files.path() / ("in" + std::to_string(i));
      std::ofstream(file) << texts[i];
      args += " '" + file.string() + "'";
    }
    const std::string line = "python3 '" + kScript.string() + "' " + command +
                             args + " --public-key '" + PublicKeyFile() +
                             "' > '" + (files.path() / "out").string() + "'";
    const int status = std::system(line.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  std::string ScriptOutput() {
    std::ifstream in(files.path() / "out");
    return std::string(std::istreambuf_iterator<char>(in), {});
  }
};

// `text` with the first occurrence of `from` replaced by `to`.
std::string Edit(std::string text, const std::string& from,
                 const std::string& to) {
  const size_t at = text.find(from);
  BOOST_REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

BOOST_AUTO_TEST_SUITE(AuditExport)

BOOST_FIXTURE_TEST_CASE(TheScriptAcceptsARealExportAndRejectsEdits, Exporting) {
  const std::string full = Export();
  BOOST_TEST(full.find(R"({"omitted":[]})") != std::string::npos);
  BOOST_TEST(VerifyInCpp(full) == "OK");
  BOOST_TEST(Script("export", {full}) == 0, ScriptOutput());
  BOOST_TEST(ScriptOutput().starts_with("OK: "));

  // The data of one event changed: named by its seq.
  const std::string edited = Edit(full, "Group \\\"3\\\"", "Group \\\"4\\\"");
  BOOST_TEST(Script("export", {edited}) == 1);
  BOOST_TEST(ScriptOutput().find(": the event hashes to ") !=
             std::string::npos);
  BOOST_TEST(VerifyInCpp(edited).find("the event was edited") !=
             std::string::npos);

  // An event line removed.
  std::string removed = full;
  const size_t line = removed.find("\n{") + 1;
  removed.erase(line, removed.find('\n', line) + 1 - line);
  BOOST_TEST(Script("export", {removed}) == 1);
  BOOST_TEST(ScriptOutput() ==
             "FAILED: seq 2 is missing: neither exported nor in an omitted "
             "subtree\n");
  BOOST_TEST(VerifyInCpp(removed) ==
             "seq 2 is missing: neither exported nor in an omitted subtree");

  // The head's signature forged.
  const size_t signature = full.rfind(R"("signature":")") + 13;
  std::string forged = full;
  forged[signature] = forged[signature] == '0' ? '1' : '0';
  BOOST_TEST(Script("export", {forged}) == 1);
  BOOST_TEST(VerifyInCpp(forged).find("signature") != std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(PartialExportsCarryTheOmittedSubtrees, Exporting) {
  audit::ExportOptions acme;
  acme.account = "acme";
  const std::string by_account = Export(acme);
  BOOST_TEST(by_account.find(R"("account_id":"globex")") == std::string::npos);
  BOOST_TEST(VerifyInCpp(by_account) == "OK");
  BOOST_TEST(Script("export", {by_account}) == 0, ScriptOutput());

  audit::ExportOptions range;
  range.from_seq = 4;
  range.to_seq = 7;
  const std::string middle = Export(range);
  BOOST_TEST(VerifyInCpp(middle) == "OK");
  BOOST_TEST(Script("export", {middle}) == 0, ScriptOutput());
  // An omitted subtree's hash changed breaks the root.
  const size_t hash = middle.find(R"("hash":")") + 8;
  std::string bad = middle;
  bad[hash] = bad[hash] == 'a' ? 'b' : 'a';
  BOOST_TEST(Script("export", {bad}) == 1);
  BOOST_TEST(VerifyInCpp(bad).find("the events give the root") == 0);
}

BOOST_FIXTURE_TEST_CASE(TheScriptChecksProofsFromTheApi, Exporting) {
  auto fresh_head = [&] {
    const uint64_t size = server().service().store().HeadSeq();
    for (int i = 0; i < 100; ++i) {
      ClientResponse head = op.Call("GET", "/v1/audit/head");
      if (head.Json().at("tree_size").to_number<uint64_t>() >= size) {
        return head.body;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    BOOST_FAIL("no fresh head");
    return std::string();
  };
  const std::string old_head = fresh_head();
  op.CreateGroup("acme", "Later", "api", {"tokens:view"});
  const std::string new_head = fresh_head();
  const uint64_t old_size =
      boost::json::parse(old_head).at("tree_size").to_number<uint64_t>();
  // The proofs name new_head's size: the usage of these very calls is
  // logged a moment later, and a head signed after it would be the default.
  const std::string new_size = std::to_string(
      boost::json::parse(new_head).at("tree_size").to_number<uint64_t>());

  const std::string inclusion =
      op.Call("GET", "/v1/audit/proof/inclusion?seq=3&tree_size=" + new_size)
          .body;
  BOOST_TEST(Script("inclusion", {inclusion, new_head}) == 0, ScriptOutput());
  BOOST_TEST(Script("inclusion", {inclusion, old_head}) == 1);

  const std::string consistency =
      op.Call("GET", "/v1/audit/proof/consistency?first=" +
                         std::to_string(old_size) + "&second=" + new_size)
          .body;
  BOOST_TEST(Script("consistency", {consistency, old_head, new_head}) == 0,
             ScriptOutput());
  const std::string forged =
      Edit(new_head, R"("root_hash":")", R"("root_hash":"00)");
  BOOST_TEST(Script("consistency", {consistency, old_head, forged}) == 1);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail::test
