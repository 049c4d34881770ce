// The management commands (docs/api.md §3), one function each: typed input
// in, typed result out, nothing of HTTP. Each runs through the
// CommandRunner (decide on the views, append with the streams' versions,
// wait until the views applied it), so the caller renders from the views
// right after (read-your-writes). The caller has authorized the call (the
// route table names each route's permission).
//
// Every command on an existing aggregate finds it among the account's own
// (another account's answers kNotFound, as a missing one) and checks the
// caller's If-Match version against it before the domain decides. Locks:
// a command marked "exclusive" below enforces a rule across the account's
// aggregates and takes the account's lock exclusively (across the nodes, on
// a cluster); the others take it shared. The token and webhook commands that
// touch a secret order the vault and the log as app/token_secrets.h says.
//
// Thread-safe; blocks on the disk: call from the worker pool.
#ifndef KEYTRAIL_APP_COMMANDS_H_
#define KEYTRAIL_APP_COMMANDS_H_

#include <cstdint>
#include <string>

#include "app/caller.h"
#include "app/command_runner.h"
#include "app/vault.h"
#include "base/random.h"
#include "base/result.h"
#include "domain/account_commands.h"
#include "domain/grant_commands.h"
#include "domain/group_commands.h"
#include "domain/token_commands.h"
#include "domain/token_notices.h"
#include "domain/user_commands.h"
#include "domain/webhook_commands.h"
#include "eventstore/event_store.h"

namespace keytrail::app {

// What the commands run on; every member outlives the calls.
struct CommandServices {
  CommandRunner* runner = nullptr;
  SecretVault* vault = nullptr;
  RandomSource* random = nullptr;           // ids and secrets
  eventstore::EventStore* store = nullptr;  // reads an Idempotency-Key replay
};

// What a create command made: the new aggregate's id (on an
// Idempotency-Key replay, the one the first request made) and its secret,
// shown this once ("" for aggregates without one, and on a replay).
struct Created {
  std::string id;
  std::string secret;
};

// Accounts. A new account starts on the default plan.
Result<Created> CreateAccount(const CommandServices& app, const Caller& caller,
                              const CreateAccountInput& input);
// exclusive: a plan's cap counts the account's active tokens.
Status ChangePlan(const CommandServices& app, const Caller& caller,
                  const std::string& account_id, const Plan& plan);
Status ChangeSettings(const CommandServices& app, const Caller& caller,
                      const std::string& account_id,
                      const SettingsPatch& patch);

// Groups. Delete is exclusive: GROUP_IN_USE spans tokens, users and grants.
Result<Created> CreateGroup(const CommandServices& app, const Caller& caller,
                            const std::string& account_id,
                            const CreateGroupInput& input);
Status UpdateGroup(const CommandServices& app, const Caller& caller,
                   const std::string& account_id, const std::string& group_id,
                   const UpdateGroupInput& input);
Status DeleteGroup(const CommandServices& app, const Caller& caller,
                   const std::string& account_id, const std::string& group_id);

// Third-party grants; exclusive: one grant per (account, token).
Result<Created> AddGrant(const CommandServices& app, const Caller& caller,
                         const std::string& account_id,
                         const AddGrantInput& input);
Status RemoveGrant(const CommandServices& app, const Caller& caller,
                   const std::string& account_id, const std::string& grant_id);

// Users; exclusive: e-mails are unique per account, and personal tokens'
// and groups' rules span users.
Result<Created> CreateUser(const CommandServices& app, const Caller& caller,
                           const std::string& account_id,
                           const CreateUserInput& input);
Status UpdateUser(const CommandServices& app, const Caller& caller,
                  const std::string& account_id, const std::string& user_id,
                  const UpdateUserInput& input);
Status SetUserActive(const CommandServices& app, const Caller& caller,
                     const std::string& account_id, const std::string& user_id,
                     bool active);

// Tokens. A new secret carries the account's prefix and the environment's
// (a regenerated one keeps the token's); revealable accounts keep it in the
// vault. Create is exclusive while a plan caps the account's active tokens;
// update, extend and enable always are (each may count against the cap).
Result<Created> CreateGroupToken(const CommandServices& app,
                                 const Caller& caller,
                                 const std::string& account_id,
                                 const CreateTokenInput& input);
// Only the user itself creates its personal token (the route checks who
// asks; the domain checks the user).
Result<Created> CreatePersonalToken(const CommandServices& app,
                                    const Caller& caller,
                                    const std::string& account_id,
                                    const std::string& user_id,
                                    const CreateTokenInput& input);
Status UpdateToken(const CommandServices& app, const Caller& caller,
                   const std::string& account_id, const std::string& token_id,
                   const UpdateTokenInput& input);
Status ExtendToken(const CommandServices& app, const Caller& caller,
                   const std::string& account_id, const std::string& token_id,
                   const ExtendTokenInput& input);
// The new secret ("" on an Idempotency-Key replay); the old one stops
// verifying at once, or after `grace_seconds`.
Result<std::string> RegenerateToken(const CommandServices& app,
                                    const Caller& caller,
                                    const std::string& account_id,
                                    const std::string& token_id,
                                    int64_t grace_seconds);
// The kept secret; every reveal is its own TokenRevealed event (an
// Idempotency-Key is ignored).
Result<std::string> RevealToken(const CommandServices& app,
                                const Caller& caller,
                                const std::string& account_id,
                                const std::string& token_id);
// Revoking destroys the kept secret for good.
Status RevokeToken(const CommandServices& app, const Caller& caller,
                   const std::string& account_id, const std::string& token_id);
Status DisableToken(const CommandServices& app, const Caller& caller,
                    const std::string& account_id, const std::string& token_id);
Status EnableToken(const CommandServices& app, const Caller& caller,
                   const std::string& account_id, const std::string& token_id);

// Records that the caller found token `token_id` by its secret
// (POST /v1/tokens:lookup) in its `secret_role` ("current", "previous",
// "retired"): TokenLookedUp, which the secret.leaked_lookup webhook
// follows. Every lookup is recorded (an Idempotency-Key is ignored).
Status RecordSecretLookup(const CommandServices& app, const Caller& caller,
                          const std::string& account_id,
                          const std::string& token_id,
                          std::string_view secret_role);

// Webhooks. The signing secret is made here and kept in the vault before
// the subscription is appended; unsubscribing destroys it.
Result<Created> SubscribeWebhook(const CommandServices& app,
                                 const Caller& caller,
                                 const std::string& account_id,
                                 const SubscribeWebhookInput& input);
Status UnsubscribeWebhook(const CommandServices& app, const Caller& caller,
                          const std::string& account_id,
                          const std::string& webhook_id);

}  // namespace keytrail::app

#endif  // KEYTRAIL_APP_COMMANDS_H_
