#include "app/token_secrets.h"

#include <optional>
#include <utility>

#include "base/sha256.h"
#include "domain/secret.h"
#include "projections/views.h"

namespace keytrail::app {

Result<SecretOutcome> RunKeepingSecret(CommandRunner& runner,
                                       SecretVault& vault, bool revealable,
                                       const std::string& token_id,
                                       const std::string& secret,
                                       const CommandRequest& command) {
  std::optional<std::string> previous;
  if (revealable) {
    Result<std::string> kept = vault.Open(token_id);
    if (kept.ok()) {
      previous = std::move(kept).value();
    } else if (kept.error().code != ErrorCode::kNotFound) {
      return kept.error();
    }
    if (Status keep = vault.Keep(token_id, secret); !keep.ok()) {
      return keep.error();  // nothing appended: the old secret stays
    }
  }
  Result<CommandOutcome> outcome = runner.Run(command);
  if (revealable && (!outcome.ok() || outcome->replayed)) {
    // Put the vault back as it was; failing that, it holds a secret no
    // token has, which reveal refuses.
    Status restored =
        previous ? vault.Keep(token_id, *previous) : vault.Forget(token_id);
    (void)restored;
  }
  if (!outcome.ok()) return outcome.error();
  SecretOutcome result;
  if (!outcome->replayed) result.secret = secret;
  result.command = std::move(outcome).value();
  return result;
}

Result<SecretOutcome> CreateKeepingSecret(CommandRunner& runner,
                                          SecretVault& vault, bool revealable,
                                          const std::string& token_id,
                                          const std::string& secret,
                                          CommandRequest command) {
  command.exclusive_if = [account_id = command.account_id](
                             const projections::Views& views) {
    const AccountState* account = views.account(account_id);
    return account != nullptr && account->plan.max_active_tokens.has_value();
  };
  return RunKeepingSecret(runner, vault, revealable, token_id, secret, command);
}

Result<CommandOutcome> DeleteForgettingSecret(CommandRunner& runner,
                                              SecretVault& vault,
                                              const std::string& id,
                                              const CommandRequest& command) {
  Result<CommandOutcome> outcome = runner.Run(command);
  if (!outcome.ok()) return outcome;
  if (Status forgot = vault.Forget(id); !forgot.ok()) {
    return forgot.error();
  }
  return outcome;
}

Result<std::string> RevealKeptSecret(CommandRunner& runner, SecretVault& vault,
                                     const std::string& token_id,
                                     CommandRequest command) {
  command.idempotency_key.clear();
  command.request_hash.clear();
  Result<std::string> secret = vault.Open(token_id);
  auto reveal = std::move(command.decide);
  command.decide = [&](const projections::Views& views,
                       Micros now) -> Result<Events> {
    Result<Events> events = reveal(views, now);
    if (!events.ok()) return events;
    const TokenState* token = views.token(token_id);
    if (!secret.ok() || token == nullptr ||
        !ConstantTimeEquals(Sha256DigestOf(*secret), token->secret_sha256)) {
      return Error::Make(ErrorCode::kNotRevealable,
                         "this secret was issued while the account did not "
                         "keep secrets revealable; regenerate the token");
    }
    return events;
  };
  Result<CommandOutcome> outcome = runner.Run(command);
  if (!outcome.ok()) return outcome.error();
  return std::move(secret).value();
}

}  // namespace keytrail::app
