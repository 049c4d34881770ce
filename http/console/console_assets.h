// The console's files (the repository's console/ folder), embedded into
// the binary at build time by cmake/embed_console.cmake: the generated
// console_assets.cc defines ConsoleAssets(). Nothing is read from disk at
// run time.
#ifndef KEYTRAIL_HTTP_CONSOLE_CONSOLE_ASSETS_H_
#define KEYTRAIL_HTTP_CONSOLE_CONSOLE_ASSETS_H_

#include <cstddef>
#include <span>
#include <string_view>

namespace keytrail::http {

struct ConsoleAsset {
  std::string_view path;          // relative to console/: "screens/tokens.js"
  std::string_view content_type;  // "text/javascript; charset=utf-8"
  std::string_view etag;          // strong: "\"<sha256 hex>\""
  std::string_view body;
};

// Every embedded file, sorted by path.
std::span<const ConsoleAsset> ConsoleAssets();

// The asset at `path`, or nullptr.
const ConsoleAsset* FindConsoleAsset(std::string_view path);

}  // namespace keytrail::http

#endif  // KEYTRAIL_HTTP_CONSOLE_CONSOLE_ASSETS_H_
