// TempDir: a fresh, empty directory under the system temporary directory,
// removed with everything in it when the TempDir is destroyed.
//
// Not copyable; one owner deletes it.
#ifndef KEYTRAIL_TESTS_SUPPORT_TEMP_DIR_H_
#define KEYTRAIL_TESTS_SUPPORT_TEMP_DIR_H_

#include <stdlib.h>

#include <filesystem>
#include <stdexcept>
#include <string>
#include <system_error>

namespace keytrail::test {

class TempDir {
 public:
  TempDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "keytrail-test-XXXXXX")
            .string();
    if (mkdtemp(pattern.data()) == nullptr) {
      throw std::runtime_error("mkdtemp failed for " + pattern);
    }
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace keytrail::test

#endif  // KEYTRAIL_TESTS_SUPPORT_TEMP_DIR_H_
