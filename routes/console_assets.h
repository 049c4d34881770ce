// The admin console's files (the repository's console/ folder), compiled
// into the binary (cmake/embed.cmake, NAME console): nothing is read from
// disk at run time. Each file comes with its content type (from its
// extension) and a strong ETag (its SHA-256), computed once.
//
// Thread-safe (the table is built once, then immutable).
#ifndef KEYTRAIL_ROUTES_CONSOLE_ASSETS_H_
#define KEYTRAIL_ROUTES_CONSOLE_ASSETS_H_

#include <span>
#include <string>
#include <string_view>

namespace keytrail::http {

struct ConsoleAsset {
  std::string_view path;          // relative to console/: "screens/tokens.js"
  std::string_view content_type;  // "text/javascript; charset=utf-8"
  std::string etag;               // strong: "\"<sha256 hex>\""
  std::string_view body;
};

// Every embedded file, sorted by path.
std::span<const ConsoleAsset> ConsoleAssets();

// The asset at `path`, or nullptr.
const ConsoleAsset* FindConsoleAsset(std::string_view path);

// The Content-Security-Policy of every console file: nothing inline, nothing
// from another origin.
inline constexpr std::string_view kConsoleCsp =
    "default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data:; connect-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

}  // namespace keytrail::http

#endif  // KEYTRAIL_ROUTES_CONSOLE_ASSETS_H_
