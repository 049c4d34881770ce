#include "tests/support/cluster_node.h"

#include <signal.h>

#include <boost/test/unit_test.hpp>
#include <fstream>
#include <sstream>

#include "tests/support/keytrail_process.h"

namespace keytrail::test {

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
  port_ = FreePort();
  Start();
}

KeytrailProcess::~KeytrailProcess() {
  if (pid_ > 0) Kill();
}

void KeytrailProcess::Start() {
  std::vector<std::string> args = {
      "--data", data_.path().string(), "--store", store_, "--threads",
      "2",      "--log-level",         "warn"};
  args.insert(args.end(), extra_args_.begin(), extra_args_.end());
  pid_ = StartServe(port_, args, data_.path() / "node.log");
}

void KeytrailProcess::Kill() {
  if (pid_ <= 0) return;
  StopChild(pid_, SIGKILL);
  pid_ = -1;
}

void KeytrailProcess::Stop() {
  if (pid_ <= 0) return;
  StopChild(pid_, SIGTERM);
  pid_ = -1;
}

std::string KeytrailProcess::Log() const {
  std::ifstream in(data_.path() / "node.log");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string KeytrailProcess::OperatorSecret() const {
  return FirstStartSecret(data_dir(), Log());
}

}  // namespace keytrail::test
