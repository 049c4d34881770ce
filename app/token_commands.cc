// Tokens (app/commands.h): create, change, regenerate, reveal, revoke,
// disable, enable. The vault's part is app/token_secrets.h's.
#include <functional>

#include "app/commands.h"
#include "app/owned_command.h"
#include "app/token_secrets.h"
#include "domain/ids.h"
#include "domain/secret.h"
#include "projections/views_state_view.h"

namespace keytrail::app {

namespace {

using projections::Views;
using projections::ViewsStateView;

// What a new secret needs from the views, read under one lock: the prefix
// it starts with, and whether the account keeps its tokens' secrets
// (revealable).
struct NewSecretTerms {
  std::string prefix;
  bool revealable = false;
};

bool Revealable(const AccountState* account) {
  return account != nullptr &&
         account->settings.secret_visibility == SecretVisibility::kRevealable;
}

// For a new token of `account_id` in `environment` (an invalid environment,
// which the domain refuses, is left out of the prefix).
NewSecretTerms TermsOfNewToken(const CommandServices& app,
                               const std::string& account_id,
                               std::string_view environment) {
  projections::ProjectionEngine::ReadLock views = app.runner->engine().Read();
  const AccountState* account = views->account(account_id);
  return {SecretPrefixFor(account ? account->token_prefix : "",
                          IsValidEnvironment(environment) ? environment : ""),
          Revealable(account)};
}

// For token `token_id` regenerated: its secrets keep the prefix it was
// created with (the domain refuses a secret without it).
NewSecretTerms TermsOfRegenerated(const CommandServices& app,
                                  const std::string& account_id,
                                  const std::string& token_id) {
  projections::ProjectionEngine::ReadLock views = app.runner->engine().Read();
  const TokenState* token = views->token(token_id);
  return {std::string(token ? TokenSecretPrefix(*token) : kSecretPrefix),
          Revealable(views->account(account_id))};
}

// The domain's creation of a token, group-bound or personal.
using CreateDecision = std::function<Result<Events>(
    const StateView&, const NewToken&, const CommandContext&)>;

Result<Created> CreateToken(const CommandServices& app, const Caller& caller,
                            const std::string& account_id,
                            std::string_view environment,
                            const CreateDecision& create) {
  const NewSecretTerms terms = TermsOfNewToken(app, account_id, environment);
  const NewToken fresh{NewId(kTokenIdPrefix, *app.random),
                       GenerateSecret(*app.random, terms.prefix)};
  CommandRequest command = CommandRequestFor(caller, account_id);
  command.decide = [&](const Views& views, Micros now) {
    return create(ViewsStateView(views), fresh,
                  CommandContext{caller.actor, now});
  };
  Result<SecretOutcome> outcome =
      CreateKeepingSecret(*app.runner, *app.vault, terms.revealable,
                          fresh.token_id, fresh.secret, std::move(command));
  if (!outcome.ok()) return outcome.error();
  return Created{CreatedId(outcome->command, fresh.token_id), outcome->secret};
}

// The request for `decision` on token `token_id` of `account_id`.
CommandRequest TokenCommand(const Caller& caller, const std::string& account_id,
                            const std::string& token_id, bool exclusive,
                            OwnedDecision decision) {
  return OwnedCommand(caller, account_id, token_id, &Views::token, "token",
                      exclusive, std::move(decision));
}

using LifecycleCommand = Result<Events> (*)(const StateView&, std::string_view,
                                            std::string_view,
                                            const CommandContext&);

// A body-less lifecycle command (disable, enable, revoke) on one token.
CommandRequest LifecycleCommandOn(const Caller& caller,
                                  const std::string& account_id,
                                  const std::string& token_id, bool exclusive,
                                  LifecycleCommand lifecycle) {
  return TokenCommand(
      caller, account_id, token_id, exclusive,
      [account_id, token_id, lifecycle](const StateView& view,
                                        const CommandContext& context) {
        return lifecycle(view, account_id, token_id, context);
      });
}

}  // namespace

Result<Created> CreateGroupToken(const CommandServices& app,
                                 const Caller& caller,
                                 const std::string& account_id,
                                 const CreateTokenInput& input) {
  return CreateToken(app, caller, account_id, input.environment,
                     [&](const StateView& view, const NewToken& fresh,
                         const CommandContext& context) {
                       return keytrail::CreateGroupToken(view, account_id,
                                                         input, fresh, context);
                     });
}

Result<Created> CreatePersonalToken(const CommandServices& app,
                                    const Caller& caller,
                                    const std::string& account_id,
                                    const std::string& user_id,
                                    const CreateTokenInput& input) {
  return CreateToken(app, caller, account_id, input.environment,
                     [&](const StateView& view, const NewToken& fresh,
                         const CommandContext& context) {
                       return keytrail::CreatePersonalToken(
                           view, account_id, user_id, input, fresh, context);
                     });
}

Status UpdateToken(const CommandServices& app, const Caller& caller,
                   const std::string& account_id, const std::string& token_id,
                   const UpdateTokenInput& input) {
  return StatusOf(app.runner->Run(
      TokenCommand(caller, account_id, token_id, /*exclusive=*/true,
                   [&](const StateView& view, const CommandContext& context) {
                     return keytrail::UpdateToken(view, account_id, token_id,
                                                  input, context);
                   })));
}

Status ExtendToken(const CommandServices& app, const Caller& caller,
                   const std::string& account_id, const std::string& token_id,
                   const ExtendTokenInput& input) {
  return StatusOf(app.runner->Run(
      TokenCommand(caller, account_id, token_id, /*exclusive=*/true,
                   [&](const StateView& view, const CommandContext& context) {
                     return keytrail::ExtendToken(view, account_id, token_id,
                                                  input, context);
                   })));
}

Result<std::string> RegenerateToken(const CommandServices& app,
                                    const Caller& caller,
                                    const std::string& account_id,
                                    const std::string& token_id,
                                    int64_t grace_seconds) {
  const NewSecretTerms terms = TermsOfRegenerated(app, account_id, token_id);
  const std::string secret = GenerateSecret(*app.random, terms.prefix);
  Result<SecretOutcome> outcome = RunKeepingSecret(
      *app.runner, *app.vault, terms.revealable, token_id, secret,
      TokenCommand(caller, account_id, token_id, /*exclusive=*/false,
                   [&](const StateView& view, const CommandContext& context) {
                     return keytrail::RegenerateToken(view, account_id,
                                                      token_id, grace_seconds,
                                                      secret, context);
                   }));
  if (!outcome.ok()) return outcome.error();
  return outcome->secret;  // "" on a replay: no second secret
}

Result<std::string> RevealToken(const CommandServices& app,
                                const Caller& caller,
                                const std::string& account_id,
                                const std::string& token_id) {
  return RevealKeptSecret(
      *app.runner, *app.vault, token_id,
      LifecycleCommandOn(caller, account_id, token_id, /*exclusive=*/false,
                         keytrail::RevealToken));
}

Status RevokeToken(const CommandServices& app, const Caller& caller,
                   const std::string& account_id, const std::string& token_id) {
  return StatusOf(DeleteForgettingSecret(
      *app.runner, *app.vault, token_id,
      LifecycleCommandOn(caller, account_id, token_id, /*exclusive=*/false,
                         keytrail::RevokeToken)));
}

Status DisableToken(const CommandServices& app, const Caller& caller,
                    const std::string& account_id,
                    const std::string& token_id) {
  return StatusOf(app.runner->Run(
      LifecycleCommandOn(caller, account_id, token_id, /*exclusive=*/false,
                         keytrail::DisableToken)));
}

Status EnableToken(const CommandServices& app, const Caller& caller,
                   const std::string& account_id, const std::string& token_id) {
  // Enabling counts against a plan's cap: a rule across the account's tokens.
  return StatusOf(app.runner->Run(
      LifecycleCommandOn(caller, account_id, token_id, /*exclusive=*/true,
                         keytrail::EnableToken)));
}

Status RecordSecretLookup(const CommandServices& app, const Caller& caller,
                          const std::string& account_id,
                          const std::string& token_id,
                          std::string_view secret_role) {
  CommandRequest record;  // no account lock, no Idempotency-Key
  record.actor = caller.actor;
  record.decide = [&](const Views& views, Micros now) {
    return keytrail::RecordSecretLookup(ViewsStateView(views), account_id,
                                        token_id, secret_role,
                                        CommandContext{caller.actor, now});
  };
  return StatusOf(app.runner->Run(record));
}

}  // namespace keytrail::app
