// The token commands that touch a secret: create, regenerate, reveal and
// delete. Each orders the vault (vault.h) and the log so that the log says
// only what happened and the caller is never left with a token whose secret
// nobody was shown:
//
//   Create and regenerate: for a revealable account the new secret is kept
//   in the vault BEFORE the TokenCreated / TokenRegenerated event is
//   appended. If keeping fails, nothing
//   is appended (the old secret stays valid); if the command then fails or
//   is an Idempotency-Key replay, the vault's previous content is put back.
//   A crash in between leaves the old secret valid and the vault holding one
//   that matches no token hash, which reveal refuses (NOT_REVEALABLE).
//
//   Reveal: the TokenRevealed event is appended only when the vault holds
//   the token's current secret, checked inside the decision against the
//   views the append is made on; otherwise kNotRevealable and nothing is
//   appended. Every reveal is its own audited event: an Idempotency-Key
//   never turns a second reveal into a silent replay.
//
//   Delete: the vault forgets the secret once TokenRevoked is appended
//   (docs/api.md §2: deleting a token destroys its secret for good).
//
// Thread-safe; blocks on the disk (worker pool).
#ifndef KEYTRAIL_APP_TOKEN_SECRETS_H_
#define KEYTRAIL_APP_TOKEN_SECRETS_H_

#include <string>

#include "app/command_runner.h"
#include "app/vault.h"
#include "base/result.h"

namespace keytrail::app {

struct SecretOutcome {
  CommandOutcome command;
  std::string secret;  // empty on an Idempotency-Key replay
};

// Runs `command`, whose decision gives `token_id` the new `secret` (creates
// or regenerates it), as described above. `revealable`: whether the
// account keeps secrets.
Result<SecretOutcome> RunKeepingSecret(CommandRunner& runner,
                                       SecretVault& vault, bool revealable,
                                       const std::string& token_id,
                                       const std::string& secret,
                                       const CommandRequest& command);

// Runs `command`, whose decision creates the token `token_id` with
// `secret`, like RunKeepingSecret. A plan's cap on active tokens is a rule
// across the account's tokens: while the account of `command` has one, the
// command takes the account's lock exclusively.
Result<SecretOutcome> CreateKeepingSecret(CommandRunner& runner,
                                          SecretVault& vault, bool revealable,
                                          const std::string& token_id,
                                          const std::string& secret,
                                          CommandRequest command);

// Runs `command`, whose decision deletes `id` (revokes a token, removes a
// webhook subscription), then has the vault forget its secret: it goes
// with what it belonged to, for good.
Result<CommandOutcome> DeleteForgettingSecret(CommandRunner& runner,
                                              SecretVault& vault,
                                              const std::string& id,
                                              const CommandRequest& command);

// Runs `command`, whose decision reveals `token_id` (the domain's
// RevealToken), as described above, and returns the secret. The command's
// Idempotency-Key, if any, is ignored.
Result<std::string> RevealKeptSecret(CommandRunner& runner, SecretVault& vault,
                                     const std::string& token_id,
                                     CommandRequest command);

}  // namespace keytrail::app

#endif  // KEYTRAIL_APP_TOKEN_SECRETS_H_
