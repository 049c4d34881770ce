// The operator's metrics over GET /metrics on a real server: verification
// results by code, process_* figures, the build, the projection lag in
// seconds and the tokens by status (docs/metrics.md).
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <regex>
#include <string>

#include "base/os_random.h"
#include "domain/secret.h"
#include "tests/http/verify_fixture.h"

namespace keytrail::test {
namespace {

// The value of the sample line `series` ("name" or "name{...}"), or -1.
double Sample(const std::string& text, const std::string& series) {
  size_t at = text.find("\n" + series + " ");
  if (at == std::string::npos) return -1;
  at += series.size() + 2;
  return std::stod(text.substr(at, text.find('\n', at) - at));
}

BOOST_AUTO_TEST_SUITE(ServiceMetrics)

BOOST_FIXTURE_TEST_CASE(VerifyResultsAreCountedByCode, VerifyServer) {
  CreatedToken token = AccountWithToken("acme", {"orders:read"});
  CreatedToken revoked = CreateToken("acme", {CreateGroup("acme", {"x:y"})});
  Op("DELETE", Path("acme", "/tokens/" + revoked.id), nullptr, 204);
  OsRandom random;
  BOOST_TEST(VerifyCode(token.secret) == "VALID");
  BOOST_TEST(VerifyCode(token.secret) == "VALID");
  BOOST_TEST(VerifyCode(revoked.secret) == "REVOKED");
  BOOST_TEST(VerifyCode(GenerateSecret(random)) == "NOT_FOUND");
  BOOST_TEST(VerifyCode("kt_nope") == "MALFORMED");
  BOOST_TEST(Client().Get("/v1/auth", Bearer(token.secret)).status == 204);
  const std::string text = Client().Get("/metrics").body;
  BOOST_TEST(text.find("# TYPE keytrail_verify_results_total counter") !=
             std::string::npos);
  auto code = [&](const std::string& c) {
    return Sample(text, "keytrail_verify_results_total{code=\"" + c + "\"}");
  };
  BOOST_TEST(code("VALID") == 3);
  BOOST_TEST(code("REVOKED") == 1);
  BOOST_TEST(code("NOT_FOUND") == 1);
  BOOST_TEST(code("MALFORMED") == 1);
  BOOST_TEST(code("EXPIRED") == 0);
  BOOST_TEST(code("FORBIDDEN") == 0);
  BOOST_TEST(code("FORBIDDEN_IP") == 0);
}

BOOST_FIXTURE_TEST_CASE(ProcessBuildLagAndTokenFigures, VerifyServer) {
  AccountWithToken("acme", {"orders:read"});
  CreatedToken revoked = CreateToken("acme", {CreateGroup("acme", {"x:y"})});
  Op("DELETE", Path("acme", "/tokens/" + revoked.id), nullptr, 204);
  const std::string text = Client().Get("/metrics").body;
  BOOST_TEST(Sample(text, "process_resident_memory_bytes") > 1e6);
  BOOST_TEST(Sample(text, "process_virtual_memory_bytes") > 1e6);
  BOOST_TEST(Sample(text, "process_open_fds") > 3);
  BOOST_TEST(Sample(text, "process_max_fds") > 0);
  BOOST_TEST(Sample(text, "process_cpu_seconds_total") >= 0);
  const double now = std::chrono::duration<double>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
  const double start = Sample(text, "process_start_time_seconds");
  BOOST_TEST(start <= now + 1);
  BOOST_TEST(start > now - 3600);
  BOOST_TEST(std::regex_search(
      text, std::regex("\nkeytrail_build_info\\{version=\"[0-9]+\\.[0-9]+\\."
                       "[0-9]+\"\\} 1\n")));
  BOOST_TEST(Sample(text, "keytrail_projection_lag_seconds") == 0);
  // The operator's token and acme's first are active; the second revoked.
  BOOST_TEST(Sample(text, "keytrail_tokens{status=\"active\"}") == 2);
  BOOST_TEST(Sample(text, "keytrail_tokens{status=\"revoked\"}") == 1);
  BOOST_TEST(Sample(text, "keytrail_tokens{status=\"disabled\"}") == 0);
  BOOST_TEST(Sample(text, "keytrail_tokens{status=\"expired\"}") == 0);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail::test
