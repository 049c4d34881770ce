// The README's quick start, run as it stands: the shell block between
// <!-- quickstart --> and <!-- /quickstart --> is extracted from README.md
// and run by bash in a fresh directory whose build/tools/keytrail is the
// binary under test, against the real server it starts itself. Only the
// port is changed (KEYTRAIL_LISTEN and the block's 127.0.0.1:8080), so the
// documented lines cannot rot.
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "tests/support/keytrail_process.h"
#include "tests/support/temp_dir.h"

namespace keytrail::test {
namespace {

namespace fs = std::filesystem;

const fs::path kReadme = fs::path(__FILE__).parent_path() / "../../README.md";

// The lines of the README's quick-start block, without the fences.
std::string QuickStart() {
  std::ifstream in(kReadme);
  const std::string text(std::istreambuf_iterator<char>(in), {});
  const size_t begin = text.find("<!-- quickstart -->");
  const size_t end = text.find("<!-- /quickstart -->");
  BOOST_REQUIRE(begin != std::string::npos && end != std::string::npos);
  std::string block = text.substr(begin, end - begin);
  const size_t open = block.find("```sh\n");
  const size_t close = block.rfind("```");
  BOOST_REQUIRE(open != std::string::npos && close > open);
  return block.substr(open + 6, close - open - 6);
}

std::string Replaced(std::string text, const std::string& from,
                     const std::string& to) {
  for (size_t at; (at = text.find(from)) != std::string::npos;) {
    text.replace(at, from.size(), to);
  }
  return text;
}

BOOST_AUTO_TEST_SUITE(ReadmeQuickStart)

BOOST_AUTO_TEST_CASE(TheQuickStartRunsAsWritten) {
  TempDir dir;
  fs::create_directories(dir.path() / "build" / "tools");
  fs::create_symlink(KeytrailBinary(), dir.path() / "build/tools/keytrail");
  const std::string address = "127.0.0.1:" + std::to_string(FreePort());
  std::ofstream(dir.path() / "quickstart.sh")
      << "set -e\n"
      << "trap 'kill $(jobs -p) 2>/dev/null; wait' EXIT\n"
      << "cd " << Quoted(dir.path().string()) << "\n"
      << "export KEYTRAIL_LISTEN=" << address << "\n"
      << Replaced(QuickStart(), "127.0.0.1:8080", address);
  CommandRun run = RunShell("timeout 60 bash " +
                            Quoted((dir.path() / "quickstart.sh").string()));
  BOOST_TEST(run.code == 0, run.out);
  BOOST_TEST(run.out.starts_with("acme\ntok_"), run.out);
  BOOST_TEST(run.out.ends_with("\nVALID\n"), run.out);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail::test
