#include "routes/backup_target.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <system_error>

namespace keytrail::http {

namespace {

namespace fs = std::filesystem;

Error InvalidDir(std::string message) {
  return Error::Invalid("dir", std::move(message));
}

}  // namespace

Status CheckBackupTarget(const fs::path& dir) {
  if (!dir.is_absolute()) return InvalidDir("must be an absolute path");
  if (dir != dir.lexically_normal() || !dir.has_filename()) {
    return InvalidDir(
        "must be a normal path (no `.`, `..`, `//` or trailing `/`)");
  }
  std::error_code ec;
  const fs::file_type type = fs::symlink_status(dir, ec).type();
  if (!ec && type != fs::file_type::not_found) {
    return Error::Make(ErrorCode::kConflict, "dir already exists");
  }
  const fs::path parent = dir.parent_path();
  const fs::file_status parent_status = fs::status(parent, ec);
  if (!fs::exists(parent_status)) {
    return InvalidDir("its parent directory " + parent.string() +
                      " does not exist");
  }
  if (!fs::is_directory(parent_status)) {
    return InvalidDir("its parent " + parent.string() + " is not a directory");
  }
  // Make (and remove) the staging directory RocksDB will make: this asks
  // the file system itself (a name too long, a read-only or virtual file
  // system such as /proc, a permission).
  const std::string staging = dir.string() + ".tmp";
  if (::mkdir(staging.c_str(), 0700) != 0) {
    const int error = errno;
    if (error != EEXIST) {
      return InvalidDir("cannot be created: " + std::string(strerror(error)));
    }
    return OkStatus();  // a leftover staging directory; RocksDB replaces it
  }
  if (::rmdir(staging.c_str()) != 0) {
    return InvalidDir("cannot be created: " + std::string(strerror(errno)));
  }
  return OkStatus();
}

}  // namespace keytrail::http
