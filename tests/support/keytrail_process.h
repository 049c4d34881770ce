// The real keytrail binary (the path in KEYTRAIL_BINARY, set by ctest) run
// as a child process, for tests of what a user types:
//
//   ServeProcess server(data_dir);              // keytrail serve, ready
//   Api op(server.Client(), server.operator_secret());
//   ...
//   server.Stop();                              // SIGTERM, exit code
//   CommandRun run = RunKeytrail("export --data " + Quoted(data_dir));
//
// Not thread-safe; each object owns one child.
#ifndef KEYTRAIL_TESTS_SUPPORT_KEYTRAIL_PROCESS_H_
#define KEYTRAIL_TESTS_SUPPORT_KEYTRAIL_PROCESS_H_

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "tests/support/http_client.h"

namespace keytrail::test {

struct CommandRun {
  int code = -1;    // the exit code; -1 when killed by a signal
  std::string out;  // stdout and stderr together
};

// The keytrail binary's path; fails the test when KEYTRAIL_BINARY is unset.
std::string KeytrailBinary();

// `text` in single quotes for sh.
std::string Quoted(const std::string& text);

// A port the kernel just handed out on 127.0.0.1 (closed again).
uint16_t FreePort();

// Runs `sh -c <script>` and collects its output.
CommandRun RunShell(const std::string& script);

// Runs the keytrail binary with `args` (already quoted for sh).
CommandRun RunKeytrail(const std::string& args);

// The one way tests start a server process (ServeProcess here,
// KeytrailProcess in cluster_node.h): `keytrail serve --listen
// 127.0.0.1:<port> <serve_args>` with stdout and stderr appended to
// `log_file`; returns its pid once /readyz answers 200. Fails the test when
// the process exits first or is not ready after 30 s.
pid_t StartServe(uint16_t port, const std::vector<std::string>& serve_args,
                 const std::filesystem::path& log_file);

// Sends `signal` to `pid` and reaps it; returns its exit code (-1 when it
// did not exit normally).
int StopChild(pid_t pid, int signal);

// The operator secret the first start of `data_dir` handed over: stderr is
// a file in tests, so <data>/operator-token (tools/first_start_token.h);
// else a secret in `log`; "" when there is none.
std::string FirstStartSecret(const std::filesystem::path& data_dir,
                             const std::string& log);

// `keytrail serve --listen 127.0.0.1:<free port> --data <data_dir>
// <extra_args>`, started by the constructor, which returns once /readyz
// answers 200 (the test fails after 30 s). The destructor stops it like
// Stop().
class ServeProcess {
 public:
  explicit ServeProcess(const std::filesystem::path& data_dir,
                        std::vector<std::string> extra_args = {});
  ~ServeProcess();
  ServeProcess(const ServeProcess&) = delete;
  ServeProcess& operator=(const ServeProcess&) = delete;

  uint16_t port() const { return port_; }
  HttpClient Client() const { return HttpClient(port_); }
  // The operator token printed by the first start of the data directory;
  // empty on later starts.
  const std::string& operator_secret() const { return operator_secret_; }
  // Everything the server wrote to stderr so far.
  std::string Log() const;
  // SIGTERM, then waits for the exit; returns the exit code (-1 when it
  // did not exit normally). Idempotent.
  int Stop();

 private:
  std::filesystem::path data_dir_;
  std::filesystem::path log_file_;
  pid_t pid_ = -1;
  int exit_code_ = -1;
  uint16_t port_ = 0;
  std::string operator_secret_;
};

}  // namespace keytrail::test

#endif  // KEYTRAIL_TESTS_SUPPORT_KEYTRAIL_PROCESS_H_
