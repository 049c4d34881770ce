// EmbeddedFile: a data file compiled into the binary (cmake/embed.cmake), so
// that nothing is read from disk at run time: the OpenAPI document, the
// console's assets. Each set of files is reached through a function that the
// build generates, declared by its user:
//
//   namespace keytrail::embedded {
//   std::span<const EmbeddedFile> openapi();  // keytrail_embed(... NAME openapi)
//   }
//
// The contents are immutable and live as long as the process; each is also
// followed by a NUL byte (not part of `content`).
#ifndef KEYTRAIL_BASE_EMBEDDED_FILE_H_
#define KEYTRAIL_BASE_EMBEDDED_FILE_H_

#include <span>
#include <string_view>

namespace keytrail {

struct EmbeddedFile {
  std::string_view path;     // relative to the embedded folder: "index.html"
  std::string_view content;  // the file's bytes
};

}  // namespace keytrail

#endif  // KEYTRAIL_BASE_EMBEDDED_FILE_H_
