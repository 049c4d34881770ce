// --store: the one spelling of the event-store location flag of the
// offline commands (export, verify-store, as-of, timeline, rebuild, through
// DataDir::AddStoreOption for the last two): a postgresql:// URL of a
// cluster's store, read instead of the RocksDB store in --data (which then
// only supplies the audit key, when it exists).
#ifndef KEYTRAIL_TOOLS_STORE_OPTION_H_
#define KEYTRAIL_TOOLS_STORE_OPTION_H_

#include <CLI/CLI.hpp>
#include <string>

namespace keytrail::tools {

inline void AddStoreOption(CLI::App& command, std::string& store) {
  command
      .add_option("--store", store,
                  "Event store of a cluster: postgresql://user@host:port/db "
                  "(default: the RocksDB store in --data)")
      ->envname("KEYTRAIL_STORE");
}

}  // namespace keytrail::tools

#endif  // KEYTRAIL_TOOLS_STORE_OPTION_H_
