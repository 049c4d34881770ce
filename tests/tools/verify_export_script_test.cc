// docs/verify_export.py, the auditor's stdlib-only verifier, on what a user
// really gets: a real `keytrail serve`, then `keytrail export` of its data
// directory. A name may hold any Unicode character the API accepts,
// including the line and paragraph separators U+2028/U+2029, which JSON
// leaves unescaped: the script must split the export at "\n" only.
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <string>

#include "tests/support/api.h"
#include "tests/support/keytrail_process.h"
#include "tests/support/temp_dir.h"

namespace keytrail::test {
namespace {

namespace fs = std::filesystem;

const fs::path kScript =
    fs::path(__FILE__).parent_path() / "../../docs/verify_export.py";

BOOST_AUTO_TEST_SUITE(VerifyExportScript)

BOOST_AUTO_TEST_CASE(ANameWithUnicodeLineSeparatorsVerifies) {
  TempDir root;
  const fs::path data = root.path() / "data";
  {
    ServeProcess server(data);
    Api op(server.Client(), server.operator_secret());
    op.CreateAccount("acme");
    const std::string group = op.CreateGroup("acme", "ERP", "api", {"*"});
    // U+2028 LINE SEPARATOR and U+2029 PARAGRAPH SEPARATOR, raw UTF-8.
    op.CreateToken("acme", "line\xE2\x80\xA8sep\xE2\x80\xA9para", {group});
    BOOST_TEST(server.Stop() == 0);
  }
  const fs::path file = root.path() / "audit.jsonl";
  CommandRun exported = RunKeytrail("export --data " + Quoted(data.string()) +
                                    " -o " + Quoted(file.string()));
  BOOST_TEST_REQUIRE(exported.code == 0, exported.out);
  CommandRun verified =
      RunShell("python3 " + Quoted(kScript.string()) + " export " +
               Quoted(file.string()) + " --public-key " +
               Quoted((data / "audit_key.pub").string()));
  BOOST_TEST(verified.code == 0, verified.out);
  BOOST_TEST(verified.out.starts_with("OK: "), verified.out);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail::test
