// docs/deploy.md's nginx example, run as it stands in front of a real
// `keytrail serve` (only the addresses change: the listen line, keytrail's
// and the protected upstream's ports): a refused token answers JSON 401 or
// 403 with WWW-Authenticate, the verification code and keytrail's request
// id; a valid one reaches the upstream.
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "tests/support/api.h"
#include "tests/support/keytrail_process.h"
#include "tests/support/temp_dir.h"

namespace keytrail::test {
namespace {

namespace fs = std::filesystem;

std::string Replaced(std::string text, const std::string& from,
                     const std::string& to) {
  const size_t at = text.find(from);
  BOOST_REQUIRE_MESSAGE(at != std::string::npos, from);
  return text.replace(at, from.size(), to);
}

// The ```nginx block of docs/deploy.md.
std::string DeployNginxBlock() {
  std::ifstream in(fs::path(__FILE__).parent_path() / "../../docs/deploy.md");
  const std::string text(std::istreambuf_iterator<char>(in), {});
  const size_t begin = text.find("```nginx\n");
  BOOST_REQUIRE(begin != std::string::npos);
  const size_t end = text.find("```", begin + 9);
  return text.substr(begin + 9, end - begin - 9);
}

BOOST_AUTO_TEST_SUITE(NginxExample)

BOOST_AUTO_TEST_CASE(RefusalsAreJsonWithTheCodeAndRequestId) {
  TempDir root;
  ServeProcess keytrail(root.path() / "data");
  Api op(keytrail.Client(), keytrail.operator_secret());
  op.CreateAccount("acme");
  const std::string erp = op.CreateGroup("acme", "ERP", "api", {"erp:read"});
  const std::string other =
      op.CreateGroup("acme", "CRM", "api", {"contacts:read"});
  const CreatedToken allowed = op.CreateToken("acme", "erp", {erp});
  const CreatedToken lacking = op.CreateToken("acme", "crm", {other});

  const uint16_t front = FreePort();
  const uint16_t upstream = FreePort();
  std::string example = DeployNginxBlock();
  example = Replaced(example, "listen 443 ssl;",
                     "listen 127.0.0.1:" + std::to_string(front) + ";");
  example = Replaced(example, "127.0.0.1:8080",
                     "127.0.0.1:" + std::to_string(keytrail.port()));
  example = Replaced(example, "127.0.0.1:9000",
                     "127.0.0.1:" + std::to_string(upstream));
  const std::string dir = root.path().string();
  std::ofstream(root.path() / "nginx.conf")
      << "pid " << dir << "/nginx.pid;\nerror_log " << dir
      << "/error.log;\nevents {}\nhttp {\naccess_log off;\n"
      << "client_body_temp_path " << dir << ";\nproxy_temp_path " << dir
      << ";\nfastcgi_temp_path " << dir << ";\nuwsgi_temp_path " << dir
      << ";\nscgi_temp_path " << dir << ";\n"
      << "server { listen 127.0.0.1:" << upstream
      << "; location / { return 200 \"erp\\n\"; } }\n"
      << example << "}\n";
  const std::string nginx =
      "nginx -p " + Quoted(dir) + " -c " + Quoted(dir + "/nginx.conf");
  CommandRun started = RunShell(nginx);
  BOOST_REQUIRE_MESSAGE(started.code == 0, started.out);
  struct Quit {
    std::string command;
    ~Quit() { RunShell(command + " -s quit"); }
  } quit{nginx};

  HttpClient client(front);
  ClientResponse refused =
      client.Get("/erp/", {{"Authorization", "Bearer kt_not_a_token"}});
  BOOST_TEST(refused.status == 401);
  BOOST_TEST(
      refused.Header("WWW-Authenticate").value_or("").starts_with("Bearer"));
  BOOST_TEST(refused.Header("X-Verify-Code").value_or("") == "MALFORMED");
  BOOST_TEST(refused.Header("Content-Type").value_or("") ==
             "application/problem+json");
  const boost::json::value problem = refused.Json();
  BOOST_TEST(problem.at("code").as_string() == "UNAUTHENTICATED");
  BOOST_TEST(problem.at("verify_code").as_string() == "MALFORMED");
  BOOST_TEST(problem.at("request_id").as_string() ==
             refused.Header("X-Request-Id").value_or("-"));
  BOOST_TEST(!problem.at("request_id").as_string().empty());

  ClientResponse forbidden =
      client.Get("/erp/", {{"Authorization", "Bearer " + lacking.secret}});
  BOOST_TEST(forbidden.status == 403);
  BOOST_TEST(forbidden.Header("WWW-Authenticate")
                 .value_or("")
                 .find("insufficient_scope") != std::string::npos);
  BOOST_TEST(forbidden.Json().at("verify_code").as_string() == "FORBIDDEN");

  ClientResponse passed =
      client.Get("/erp/", {{"Authorization", "Bearer " + allowed.secret}});
  BOOST_TEST(passed.status == 200);
  BOOST_TEST(passed.body == "erp\n");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail::test
