// SecretVault: keeps the secrets of tokens whose account is `revealable`
// (docs/api.md §2), encrypted with AES-256-GCM under the server's master key,
// in the side table "vault" — outside the event log, so that deleting the
// token (Forget) destroys the secret for good.
//
// Record: key = token id; value = 12-byte nonce ‖ ciphertext ‖ 16-byte tag,
// with the token id as additional authenticated data (a record moved to
// another token fails to open).
//
// The master key is 32 bytes: from KEYTRAIL_MASTER_KEY (64 hex digits) when
// set, else the file `master.key` in the data dir, created on first start
// with mode 0600. Thread-safe.
#ifndef KEYTRAIL_APP_VAULT_H_
#define KEYTRAIL_APP_VAULT_H_

#include <array>
#include <cstdint>
#include <memory>
#include <string>

#include "base/result.h"
#include "eventstore/event_store.h"

namespace keytrail::app {

using MasterKey = std::array<uint8_t, 32>;

// Loads the master key as described above (creating the file if needed).
Result<MasterKey> LoadMasterKey(const std::string& data_dir);

class SecretVault {
 public:
  // `table` must outlive the vault.
  SecretVault(eventstore::SideTable& table, const MasterKey& key);

  // Stores `secret` for `token_id`, replacing any previous one.
  Status Keep(const std::string& token_id, const std::string& secret);
  // The secret kept for `token_id`; kNotFound when none is kept;
  // kCorruption when the record does not decrypt.
  Result<std::string> Open(const std::string& token_id);
  // Destroys the secret of `token_id` (nothing to do when none is kept).
  Status Forget(const std::string& token_id);

 private:
  eventstore::SideTable& table_;
  MasterKey key_;
};

}  // namespace keytrail::app

#endif  // KEYTRAIL_APP_VAULT_H_
