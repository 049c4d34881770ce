// KeytrailProcess: a real `keytrail serve` process (the binary named by
// KEYTRAIL_BINARY, as ctest sets it), for tests of several nodes over one
// store: started on a free 127.0.0.1 port with its own data directory, its
// stdout and stderr in <data>/node.log. Start() returns once /readyz
// answers 200 (or fails the test after 30 s; StartServe() in
// keytrail_process.h, the one way tests start a server). Kill() is kill -9;
// Stop() is SIGTERM and wait; the destructor kills a process still running.
//
//   KeytrailProcess a(url);  // --store url, fresh --data
//   KeytrailProcess b(url, a.data_dir());  // same key files as a
//
// Not thread-safe; one test thread drives it.
#ifndef KEYTRAIL_TESTS_SUPPORT_CLUSTER_NODE_H_
#define KEYTRAIL_TESTS_SUPPORT_CLUSTER_NODE_H_

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "tests/support/http_client.h"
#include "tests/support/temp_dir.h"

namespace keytrail::test {

class KeytrailProcess {
 public:
  // `store`: the --store location. `keys_from`: a data directory whose key
  // files (every regular file in it) are copied into this node's first,
  // so that the nodes share the vault and audit keys.
  explicit KeytrailProcess(std::string store,
                           const std::filesystem::path& keys_from = {},
                           std::vector<std::string> extra_args = {});
  ~KeytrailProcess();
  KeytrailProcess(const KeytrailProcess&) = delete;
  KeytrailProcess& operator=(const KeytrailProcess&) = delete;

  void Start();
  void Kill();  // SIGKILL, then reap
  void Stop();  // SIGTERM, then reap
  bool running() const { return pid_ > 0; }

  uint16_t port() const { return port_; }
  HttpClient Client() const { return HttpClient(port_); }
  const std::filesystem::path& data_dir() const { return data_.path(); }
  // The operator secret this node printed at its first start, or "".
  std::string OperatorSecret() const;
  std::string Log() const;

 private:
  TempDir data_;
  std::string store_;
  std::vector<std::string> extra_args_;
  uint16_t port_ = 0;
  pid_t pid_ = -1;
};

}  // namespace keytrail::test

#endif  // KEYTRAIL_TESTS_SUPPORT_CLUSTER_NODE_H_
