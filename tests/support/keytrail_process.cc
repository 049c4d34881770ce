#include "tests/support/keytrail_process.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <regex>
#include <thread>

namespace keytrail::test {

namespace {

std::string ReadAll(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

uint16_t FreePort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  BOOST_REQUIRE(fd >= 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof(address);
  BOOST_REQUIRE(
      ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0);
  BOOST_REQUIRE(
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0);
  ::close(fd);
  return ntohs(address.sin_port);
}

std::string KeytrailBinary() {
  const char* binary = std::getenv("KEYTRAIL_BINARY");
  BOOST_REQUIRE_MESSAGE(binary != nullptr, "KEYTRAIL_BINARY is not set");
  return binary;
}

std::string Quoted(const std::string& text) {
  std::string quoted = "'";
  for (char c : text)
    quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

CommandRun RunShell(const std::string& script) {
  const std::string line = "sh -c " + Quoted(script) + " 2>&1";
  CommandRun run;
  std::FILE* pipe = ::popen(line.c_str(), "r");
  BOOST_REQUIRE(pipe != nullptr);
  char buffer[4096];
  for (size_t n; (n = std::fread(buffer, 1, sizeof(buffer), pipe)) > 0;) {
    run.out.append(buffer, n);
  }
  const int status = ::pclose(pipe);
  run.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

CommandRun RunKeytrail(const std::string& args) {
  return RunShell(Quoted(KeytrailBinary()) + " " + args);
}

pid_t StartServe(uint16_t port, const std::vector<std::string>& serve_args,
                 const std::filesystem::path& log_file) {
  std::vector<std::string> args = {KeytrailBinary(), "serve", "--listen",
                                   "127.0.0.1:" + std::to_string(port)};
  args.insert(args.end(), serve_args.begin(), serve_args.end());
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  const int log = ::open(log_file.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
  BOOST_REQUIRE(log >= 0);
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  BOOST_REQUIRE(pid >= 0);
  if (pid == 0) {
    // Dies with the test process, also when it aborts and no destructor
    // runs (the forking thread is the test's main thread).
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(127);
    ::dup2(log, STDERR_FILENO);
    ::dup2(log, STDOUT_FILENO);
    // Nothing else of the test process: an in-process server's listening
    // socket (TestServer on a cluster) would otherwise stay bound in the
    // child, and that server could not listen on its port again after a
    // Restart().
    ::closefrom(3);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  ::close(log);
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::seconds(30);
  HttpClient client(port);
  while (client.Get("/readyz").status != 200) {
    int status = 0;
    if (::waitpid(pid, &status, WNOHANG) == pid) {
      BOOST_FAIL("keytrail serve exited at start:\n" + ReadAll(log_file));
    }
    if (std::chrono::steady_clock::now() > deadline) {
      StopChild(pid, SIGKILL);
      BOOST_FAIL("keytrail serve not ready after 30 s:\n" + ReadAll(log_file));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return pid;
}

int StopChild(pid_t pid, int signal) {
  ::kill(pid, signal);
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string FirstStartSecret(const std::filesystem::path& data_dir,
                             const std::string& log) {
  static const std::regex kSecret("kt_[0-9A-Za-z]{38}");
  std::string text = ReadAll(data_dir / "operator-token");
  if (text.empty()) text = log;
  std::smatch match;
  return std::regex_search(text, match, kSecret) ? match.str() : "";
}

ServeProcess::ServeProcess(const std::filesystem::path& data_dir,
                           std::vector<std::string> extra_args)
    : data_dir_(data_dir),
      log_file_(data_dir.string() + ".serve.log"),
      port_(FreePort()) {
  std::filesystem::remove(log_file_);
  std::vector<std::string> args = {"--data", data_dir.string(), "--log-level",
                                   "warn"};
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  pid_ = StartServe(port_, args, log_file_);
  // The first start hands the operator token over before it listens.
  operator_secret_ = FirstStartSecret(data_dir_, Log());
}

ServeProcess::~ServeProcess() {
  Stop();
  std::error_code ignored;
  std::filesystem::remove(log_file_, ignored);
}

std::string ServeProcess::Log() const { return ReadAll(log_file_); }

int ServeProcess::Stop() {
  if (pid_ < 0) return exit_code_;
  exit_code_ = StopChild(pid_, SIGTERM);
  pid_ = -1;
  return exit_code_;
}

}  // namespace keytrail::test
