// Where `keytrail serve` puts the operator secret that the first start of
// an empty data directory creates (docs/deploy.md, "First start"). The
// secret goes to a terminal or to a file only readable by its owner; never
// into a log stream:
//
//   1. `--operator-token-file PATH`: written to PATH;
//   2. else under systemd (INVOCATION_ID or JOURNAL_STREAM is set), or when
//      stderr is not a terminal (a pipe, a file, a container's log): written
//      to <data>/operator-token;
//   3. else (a terminal): a plain-text banner on stderr.
//
// A file is written 0600 (a temporary file renamed over PATH) and one JSON
// log line says where ({"msg":"operator token written","path":...}), so
// that every line of stderr stays JSON. When the file cannot be written the
// banner is printed anyway (the secret is never lost) and an error logged.
#ifndef KEYTRAIL_TOOLS_FIRST_START_TOKEN_H_
#define KEYTRAIL_TOOLS_FIRST_START_TOKEN_H_

#include <filesystem>
#include <string>

namespace keytrail::tools {

struct FirstStartTokenOptions {
  std::filesystem::path data_dir;
  // --operator-token-file; empty: chosen as above.
  std::filesystem::path token_file;
};

// Hands `secret` over as the file comment says. REQUIRES: secret not empty.
void HandOverOperatorToken(const std::string& secret,
                           const FirstStartTokenOptions& options);

}  // namespace keytrail::tools

#endif  // KEYTRAIL_TOOLS_FIRST_START_TOKEN_H_
