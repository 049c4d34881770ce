// `keytrail serve` as a process (KEYTRAIL_BINARY), its stderr in a file:
// a first start that cannot listen creates nothing (so the next start still
// hands over a working operator token), the first-start token goes to a
// 0600 file with only JSON on stderr, and request lines name the client,
// the token (never its secret), the user agent and the route name.
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/http_client.h"
#include "tests/support/temp_dir.h"

extern char** environ;

namespace keytrail::test {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

// A socket listening on 127.0.0.1 at an ephemeral port, until destroyed.
class BusyPort {
 public:
  BusyPort() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    BOOST_REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&address),
                         sizeof address) == 0);
    BOOST_REQUIRE(::listen(fd_, 1) == 0);
    socklen_t size = sizeof address;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &size);
    port_ = ntohs(address.sin_port);
  }
  ~BusyPort() { ::close(fd_); }
  uint16_t port() const { return port_; }

 private:
  int fd_ = -1;
  uint16_t port_ = 0;
};

uint16_t FreePort() { return BusyPort().port(); }

// `keytrail serve --data <data> --listen <listen> [extra...]` with stderr
// and stdout in <dir>/serve.log, INVOCATION_ID and JOURNAL_STREAM removed
// from the environment and `env` ("NAME=value") added.
class ServeProcess {
 public:
  ServeProcess(const fs::path& dir, const std::string& listen,
               std::vector<std::string> extra = {},
               std::vector<std::string> env = {})
      : log_(dir / "serve.log") {
    const char* binary = std::getenv("KEYTRAIL_BINARY");
    BOOST_REQUIRE_MESSAGE(binary != nullptr, "KEYTRAIL_BINARY is not set");
    std::vector<std::string> args = {
        binary, "serve", "--data", (dir / "data").string(), "--listen", listen};
    args.insert(args.end(), extra.begin(), extra.end());
    for (char** e = environ; *e != nullptr; ++e) {
      std::string entry(*e);
      if (!entry.starts_with("INVOCATION_ID=") &&
          !entry.starts_with("JOURNAL_STREAM=")) {
        env.push_back(entry);
      }
    }
    // Everything the child needs is made before fork().
    std::vector<char*> argv, envp;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    for (std::string& e : env) envp.push_back(e.data());
    envp.push_back(nullptr);
    const std::string log = log_.string();
    pid_ = fork();
    if (pid_ == 0) {
      int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
      dup2(fd, STDERR_FILENO);
      dup2(fd, STDOUT_FILENO);
      execve(argv[0], argv.data(), envp.data());
      _exit(127);
    }
  }
  ~ServeProcess() { Stop(); }

  // Waits up to 20 s for the process to end; its exit code, or -1.
  int Wait() {
    for (int i = 0; i < 400 && pid_ > 0; ++i) {
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
      }
      std::this_thread::sleep_for(50ms);
    }
    return -1;
  }
  // SIGTERM, then waits.
  void Stop() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }
  std::string Log() const {
    std::ifstream in(log_);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }

 private:
  fs::path log_;
  pid_t pid_ = -1;
};

bool WaitReady(uint16_t port) {
  HttpClient probe(port);
  probe.set_timeout(500ms);
  for (int i = 0; i < 400; ++i) {
    if (probe.Get("/readyz").status == 200) return true;
    std::this_thread::sleep_for(50ms);
  }
  return false;
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  return line;
}

// Every line of `log` that is JSON, parsed; `all_json` says whether every
// non-empty line was.
std::vector<boost::json::object> JsonLines(const std::string& log,
                                           bool* all_json) {
  std::vector<boost::json::object> lines;
  *all_json = true;
  std::istringstream in(log);
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    boost::system::error_code ec;
    boost::json::value value = boost::json::parse(line, ec);
    if (ec || !value.is_object()) {
      *all_json = false;
      continue;
    }
    lines.push_back(value.as_object());
  }
  return lines;
}

int AccountsStatus(uint16_t port, const std::string& token) {
  HttpClient client(port);
  return client.Get("/v1/accounts", {{"Authorization", "Bearer " + token}})
      .status;
}

BOOST_AUTO_TEST_SUITE(Serve)

BOOST_AUTO_TEST_CASE(FirstServeThatCannotListenLeavesTheOperatorToTheNext) {
  TempDir dir;
  {
    BusyPort busy;
    ServeProcess first(dir.path(), "127.0.0.1:" + std::to_string(busy.port()));
    BOOST_TEST(first.Wait() != 0);
  }
  {
    ServeProcess bad(dir.path(), "not-an-address");
    BOOST_TEST(bad.Wait() != 0);
  }
  const uint16_t port = FreePort();
  ServeProcess second(dir.path(), "127.0.0.1:" + std::to_string(port));
  BOOST_TEST_REQUIRE(WaitReady(port), second.Log());
  const std::string token = ReadFile(dir.path() / "data" / "operator-token");
  BOOST_TEST_REQUIRE(token.starts_with("kt_"), second.Log());
  BOOST_TEST(AccountsStatus(port, token) == 200);
}

BOOST_AUTO_TEST_CASE(UnderSystemdTheTokenGoesToAnOwnerOnlyFile) {
  TempDir dir;
  const uint16_t port = FreePort();
  ServeProcess serve(dir.path(), "127.0.0.1:" + std::to_string(port), {},
                     {"INVOCATION_ID=0123456789abcdef"});
  BOOST_TEST_REQUIRE(WaitReady(port), serve.Log());
  const fs::path file = dir.path() / "data" / "operator-token";
  struct stat info {};
  BOOST_TEST_REQUIRE(::stat(file.c_str(), &info) == 0);
  BOOST_TEST((info.st_mode & 0777) == 0600u);
  const std::string token = ReadFile(file);
  BOOST_TEST(AccountsStatus(port, token) == 200);

  HttpClient client(port);
  BOOST_TEST(client
                 .Get("/v1/accounts", {{"Authorization", "Bearer " + token},
                                       {"User-Agent", "serve-test/1.0"}})
                 .status == 200);
  serve.Stop();
  const std::string log = serve.Log();
  BOOST_TEST(log.find(token) == std::string::npos);
  bool all_json = false;
  std::vector<boost::json::object> lines = JsonLines(log, &all_json);
  BOOST_TEST(all_json, log);
  bool told_where = false;
  const boost::json::object* request = nullptr;
  for (const boost::json::object& line : lines) {
    if (line.at("msg") == "operator token written") {
      told_where = line.at("path").as_string() == file.string();
    }
    if (line.at("msg") == "request" && line.contains("user_agent")) {
      request = &line;
    }
  }
  BOOST_TEST(told_where, log);
  BOOST_TEST_REQUIRE(request != nullptr, log);
  BOOST_TEST(request->at("route") == "accounts.list");
  BOOST_TEST(request->at("pattern") == "/v1/accounts");
  BOOST_TEST(request->at("client_ip") == "127.0.0.1");
  BOOST_TEST(request->at("user_agent") == "serve-test/1.0");
  BOOST_TEST(
      std::string(request->at("token_id").as_string()).starts_with("tok_"));
}

BOOST_AUTO_TEST_CASE(ATokenFileFlagChoosesThePath) {
  TempDir dir;
  const uint16_t port = FreePort();
  const fs::path file = dir.path() / "first-token";
  ServeProcess serve(dir.path(), "127.0.0.1:" + std::to_string(port),
                     {"--operator-token-file", file.string()});
  BOOST_TEST_REQUIRE(WaitReady(port), serve.Log());
  BOOST_TEST(AccountsStatus(port, ReadFile(file)) == 200);
  BOOST_TEST(!fs::exists(dir.path() / "data" / "operator-token"));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail::test
