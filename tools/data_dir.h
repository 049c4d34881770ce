// DataDir: the data directory as every keytrail command names it — one
// option (--data, environment KEYTRAIL_DATA, default "./data") and where
// each thing lives inside it (the event store in "store/"), or, with
// --store (KEYTRAIL_STORE), a cluster's PostgreSQL store. A command that
// reads a stopped server's store opens it here, so that a store held by a
// running server is refused with one message (exit code 3, audit_cli.h)
// by every command.
//
// A value type; not thread-safe while CLI11 parses into it.
#ifndef KEYTRAIL_TOOLS_DATA_DIR_H_
#define KEYTRAIL_TOOLS_DATA_DIR_H_

#include <CLI/CLI.hpp>
#include <filesystem>
#include <memory>
#include <string>

#include "base/result.h"
#include "eventstore/event_store.h"

namespace keytrail::tools {

class DataDir {
 public:
  static constexpr char kDefault[] = "./data";

  // The data directory given on the command line.
  std::filesystem::path root() const { return root_; }
  // The event store inside it.
  std::filesystem::path store() const;

  // Adds --data (KEYTRAIL_DATA) to `command`; `help` says what it may be.
  void AddOption(CLI::App& command, const std::string& help = "Data directory");
  // Adds --store (KEYTRAIL_STORE): a postgresql:// URL opened by
  // OpenStore() instead of the RocksDB store of root().
  void AddStoreOption(CLI::App& command);
  // Adds --vault-key-file (KEYTRAIL_VAULT_KEY_FILE) and/or
  // --audit-key-file (KEYTRAIL_AUDIT_KEY_FILE) to `command`.
  void AddKeyOptions(CLI::App& command, bool vault, bool audit);

  // The vault's master key file: --vault-key-file, else master.key in
  // root().
  std::filesystem::path vault_key_file() const;
  // The audit signing key's private file: --audit-key-file, else
  // audit_key.pem in root() (its public key beside it, .pub).
  std::filesystem::path audit_key_file() const;

  // Opens the --store location, else the store of root(), without creating
  // it. kUnavailable with Locked()'s message when another process (a
  // running server) holds a RocksDB store.
  Result<std::unique_ptr<eventstore::EventStore>> OpenStore() const;

  // The one error for a store that another process holds.
  Error Locked() const;

 private:
  std::string root_ = kDefault;
  std::string store_location_;  // --store; empty: store()
  std::string vault_key_file_;  // empty: in root_
  std::string audit_key_file_;  // empty: in root_
};

}  // namespace keytrail::tools

#endif  // KEYTRAIL_TOOLS_DATA_DIR_H_
