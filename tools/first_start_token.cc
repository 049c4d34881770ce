#include "tools/first_start_token.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "base/log.h"
#include "base/result.h"

namespace keytrail::tools {

namespace {

constexpr char kDefaultFile[] = "operator-token";

bool UnderSystemd() {
  for (const char* name : {"INVOCATION_ID", "JOURNAL_STREAM"}) {
    const char* value = std::getenv(name);
    if (value != nullptr && *value != '\0') return true;
  }
  return false;
}

Error IoError(const std::string& what) {
  return Error::Make(ErrorCode::kIoError, what + ": " + std::strerror(errno));
}

// Writes `secret` and a newline to `path`, 0600, replacing a file there.
Status WriteOwnerOnly(const std::filesystem::path& path,
                      const std::string& secret) {
  const std::string temporary = path.string() + ".tmp";
  ::unlink(temporary.c_str());
  const int fd =
      ::open(temporary.c_str(),
             O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) return IoError("cannot create " + temporary);
  const std::string text = secret + "\n";
  const bool written = ::fchmod(fd, 0600) == 0 &&
                       ::write(fd, text.data(), text.size()) ==
                           static_cast<ssize_t>(text.size()) &&
                       ::fsync(fd) == 0;
  Error failed = IoError("cannot write " + temporary);
  ::close(fd);
  if (!written) {
    ::unlink(temporary.c_str());
    return failed;
  }
  if (::rename(temporary.c_str(), path.c_str()) != 0) {
    failed = IoError("cannot rename " + temporary + " to " + path.string());
    ::unlink(temporary.c_str());
    return failed;
  }
  return OkStatus();
}

void PrintBanner(const std::string& secret) {
  std::fprintf(stderr,
               "\nkeytrail: operator token (shown once, store it now):\n"
               "  %s\n\n",
               secret.c_str());
}

}  // namespace

void HandOverOperatorToken(const std::string& secret,
                           const FirstStartTokenOptions& options) {
  std::filesystem::path file = options.token_file;
  if (file.empty() && (UnderSystemd() || !::isatty(STDERR_FILENO))) {
    file = options.data_dir / kDefaultFile;
  }
  if (file.empty()) return PrintBanner(secret);
  if (Status written = WriteOwnerOnly(file, secret); !written.ok()) {
    Log(spdlog::level::err,
        "cannot write the operator token file; printing it instead",
        {{"path", file.string()}, {"detail", written.error().message}});
    return PrintBanner(secret);
  }
  Log(spdlog::level::warn, "operator token written",
      {{"path", file.string()},
       {"mode", "0600"},
       {"next", "read it, store it safely, then delete the file"}});
}

}  // namespace keytrail::tools
