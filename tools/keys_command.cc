// keytrail keys init: makes the two key files a server needs, in a
// directory of their own (outside the data directory, so that no copy of
// the store travels with the keys that open it; docs/deploy.md):
//
//   keytrail keys init --dir /etc/keytrail/keys
//   keytrail serve --vault-key-file /etc/keytrail/keys/master.key
//                  --audit-key-file /etc/keytrail/keys/audit_key.pem
//
// Creates the directory (0700) when missing, then master.key (the vault's
// 32-byte master key, 0600), audit_key.pem (the Ed25519 signing key, 0600)
// and audit_key.pub (its public key, for auditors). Refuses to overwrite
// an existing key (exit 2): a lost vault key loses every revealable
// secret, and a new audit key breaks auditors' pinned key.
#include <sys/stat.h>

#include <filesystem>
#include <iostream>
#include <memory>
#include <string>

#include "app/vault.h"
#include "audit/audit_format.h"
#include "audit/audit_key.h"
#include "tools/audit_cli.h"
#include "tools/commands.h"

namespace keytrail::tools {

namespace {

namespace fs = std::filesystem;

void RunKeysInit(const std::string& dir) {
  std::error_code ec;
  if (!fs::exists(dir, ec)) {
    fs::create_directories(dir, ec);
    if (ec || ::chmod(dir.c_str(), 0700) != 0) {
      FailCommand("keys init",
                  Error::Make(ErrorCode::kIoError, "cannot create " + dir));
    }
  }
  const fs::path vault = fs::path(dir) / app::kMasterKeyFile;
  const fs::path audit = fs::path(dir) / audit::kPrivateKeyFile;
  for (const fs::path& file : {vault, audit}) {
    if (fs::exists(file, ec)) {
      FailCommand("keys init",
                  Error::Make(ErrorCode::kConflict,
                              file.string() + " exists already; keys are "
                                              "never overwritten"));
    }
  }
  if (Status made = app::CreateMasterKeyFile(vault); !made.ok()) {
    FailCommand("keys init", made.error());
  }
  if (Result<audit::AuditKey> made = audit::AuditKey::LoadOrCreate(audit);
      !made.ok()) {
    FailCommand("keys init", made.error());
  }
  std::cout << "keytrail keys init: made " << vault.string() << ", "
            << audit.string() << " and "
            << audit::PublicKeyFileOf(audit).string()
            << "\n  serve with --vault-key-file " << vault.string()
            << " --audit-key-file " << audit.string() << "\n";
}

}  // namespace

void AddKeysCommand(CLI::App& app) {
  CLI::App* keys = app.add_subcommand(
      "keys", "Manage the key files (vault master key, audit signing key)");
  keys->require_subcommand(1);
  auto dir = std::make_shared<std::string>();
  CLI::App* init = keys->add_subcommand(
      "init", "Make a new vault key and audit key in a directory (0700)");
  init->add_option("--dir", *dir, "Directory for the key files")->required();
  init->callback([dir] { RunKeysInit(*dir); });
}

}  // namespace keytrail::tools
