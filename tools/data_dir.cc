#include "tools/data_dir.h"

#include "app/vault.h"
#include "audit/audit_format.h"
#include "tools/store_option.h"

namespace keytrail::tools {

std::filesystem::path DataDir::store() const {
  return std::filesystem::path(root_) / eventstore::kStoreDir;
}

void DataDir::AddOption(CLI::App& command, const std::string& help) {
  command.add_option("--data", root_, help)
      ->envname("KEYTRAIL_DATA")
      ->capture_default_str();
}

void DataDir::AddStoreOption(CLI::App& command) {
  tools::AddStoreOption(command, store_location_);
}

void DataDir::AddKeyOptions(CLI::App& command, bool vault, bool audit) {
  if (vault) {
    command
        .add_option("--vault-key-file", vault_key_file_,
                    "The vault's master key (32 bytes, 0600; made when "
                    "missing). Default: <data>/master.key")
        ->envname("KEYTRAIL_VAULT_KEY_FILE");
  }
  if (audit) {
    command
        .add_option("--audit-key-file", audit_key_file_,
                    "The audit signing key (Ed25519 PEM, 0600; made when "
                    "missing, public key beside it as .pub). Default: "
                    "<data>/audit_key.pem")
        ->envname("KEYTRAIL_AUDIT_KEY_FILE");
  }
}

std::filesystem::path DataDir::vault_key_file() const {
  if (!vault_key_file_.empty()) return vault_key_file_;
  return std::filesystem::path(root_) / app::kMasterKeyFile;
}

std::filesystem::path DataDir::audit_key_file() const {
  if (!audit_key_file_.empty()) return audit_key_file_;
  return std::filesystem::path(root_) / audit::kPrivateKeyFile;
}

Result<std::unique_ptr<eventstore::EventStore>> DataDir::OpenStore() const {
  eventstore::EventStoreOptions options;
  options.create_if_missing = false;
  if (!store_location_.empty()) {
    return eventstore::EventStore::Open(options, store_location_);
  }
  Result<std::unique_ptr<eventstore::EventStore>> opened =
      eventstore::EventStore::Open(options, store().string());
  if (!opened.ok() && opened.error().code == ErrorCode::kUnavailable) {
    return Locked();
  }
  return opened;
}

Error DataDir::Locked() const {
  return Error::Make(ErrorCode::kUnavailable,
                     "the store in " + root_ +
                         " is in use by another process (a running keytrail "
                         "server holds its lock); stop that process, or work "
                         "on a backup (POST /v1/admin/backup)");
}

}  // namespace keytrail::tools
