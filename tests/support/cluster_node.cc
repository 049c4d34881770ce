#include "tests/support/cluster_node.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

extern char** environ;

namespace keytrail::test {

uint16_t FreeLoopbackPort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof(address);
  const bool ok =
      fd >= 0 &&
      bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0;
  if (fd >= 0) close(fd);
  BOOST_REQUIRE_MESSAGE(ok, "no free loopback port");
  return ntohs(address.sin_port);
}

KeytrailProcess::KeytrailProcess(std::string store,
                                 const std::filesystem::path& keys_from,
                                 std::vector<std::string> extra_args)
    : store_(std::move(store)), extra_args_(std::move(extra_args)) {
  if (!keys_from.empty()) {
    for (const auto& entry : std::filesystem::directory_iterator(keys_from)) {
      if (entry.is_regular_file() && entry.path().filename() != "node.log" &&
          entry.path().filename() != "operator-token") {
        std::filesystem::copy_file(entry.path(),
                                   data_.path() / entry.path().filename());
      }
    }
  }
  port_ = FreeLoopbackPort();
  Start();
}

KeytrailProcess::~KeytrailProcess() {
  if (pid_ > 0) Kill();
}

void KeytrailProcess::Start() {
  const char* binary = std::getenv("KEYTRAIL_BINARY");
  BOOST_REQUIRE_MESSAGE(binary != nullptr, "KEYTRAIL_BINARY is not set");
  std::vector<std::string> args = {
      binary,        "serve",
      "--listen",    "127.0.0.1:" + std::to_string(port_),
      "--data",      data_.path().string(),
      "--store",     store_,
      "--threads",   "2",
      "--log-level", "warn"};
  args.insert(args.end(), extra_args_.begin(), extra_args_.end());
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  const std::string log = (data_.path() / "node.log").string();
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, log.c_str(),
                                   O_WRONLY | O_CREAT | O_APPEND, 0600);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  pid_t pid = -1;
  const int spawned =
      posix_spawn(&pid, binary, &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  BOOST_REQUIRE_MESSAGE(spawned == 0, "cannot start " << binary);
  pid_ = pid;
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::seconds(30);
  HttpClient client(port_);
  for (;;) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      BOOST_FAIL("keytrail serve exited at start:\n" << Log());
    }
    if (client.Get("/readyz").status == 200) return;
    if (std::chrono::steady_clock::now() > deadline) {
      BOOST_FAIL("keytrail serve not ready after 30 s:\n" << Log());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

void KeytrailProcess::Kill() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

void KeytrailProcess::Stop() {
  if (pid_ <= 0) return;
  kill(pid_, SIGTERM);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

std::string KeytrailProcess::Log() const {
  std::ifstream in(data_.path() / "node.log");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string KeytrailProcess::OperatorSecret() const {
  // stderr is a file here, not a terminal: the first start writes the token
  // to <data>/operator-token (tools/first_start_token.h).
  std::ifstream file(data_dir() / "operator-token");
  std::string token;
  if (file >> token) return token;
  const std::string log = Log();
  const std::string marker = "store it now):\n";
  const size_t at = log.find(marker);
  if (at == std::string::npos) return "";
  size_t begin = at + marker.size();
  while (begin < log.size() && log[begin] == ' ') ++begin;
  const size_t end = log.find('\n', begin);
  return log.substr(begin, end - begin);
}

}  // namespace keytrail::test
