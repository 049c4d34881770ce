#include "app/operator_token.h"

#include "domain/account_commands.h"
#include "domain/ids.h"
#include "domain/permissions.h"
#include "domain/secret.h"
#include "domain/token_commands.h"
#include "projections/views_state_view.h"

namespace keytrail::app {

namespace {

using projections::Views;
using projections::ViewsStateView;

// The group of `_system` that grants "*".
const GroupState* OperatorsGroup(const Views& views) {
  for (const TokenState* token : views.tokens_of_account(kSystemAccount)) {
    for (const std::string& id : token->groups) {
      const GroupState* group = views.group(id);
      if (group != nullptr && !group->deleted &&
          Allows(group->permissions, kPermAll)) {
        return group;
      }
    }
  }
  return nullptr;
}

}  // namespace

Result<std::optional<std::string>> BootstrapOperatorIfNeeded(
    CommandRunner& runner, RandomSource& random) {
  {
    projections::ProjectionEngine::ReadLock views = runner.engine().Read();
    if (views->account(kSystemAccount) != nullptr) {
      return std::optional<std::string>();
    }
  }
  OperatorBootstrap input{NewId(kGroupIdPrefix, random),
                          NewId(kTokenIdPrefix, random),
                          GenerateSecret(random)};
  CommandRequest command;
  command.account_id = std::string(kSystemAccount);
  command.exclusive = true;
  command.decide = [&](const Views& views, Micros now) {
    return BootstrapOperator(ViewsStateView(views), input,
                             CommandContext{Actor{}, now});
  };
  Result<CommandOutcome> outcome = runner.Run(command);
  if (!outcome.ok()) return outcome.error();
  return std::optional<std::string>(input.secret);
}

Result<std::string> RotateOperatorToken(CommandRunner& runner,
                                        RandomSource& random) {
  NewToken fresh{NewId(kTokenIdPrefix, random), GenerateSecret(random)};
  std::string group_id;
  {
    projections::ProjectionEngine::ReadLock views = runner.engine().Read();
    const GroupState* group = OperatorsGroup(views.views());
    if (group == nullptr) {
      return Error::Make(ErrorCode::kNotFound, "there is no operator yet");
    }
    group_id = group->id;
  }
  CommandRequest create;
  create.account_id = std::string(kSystemAccount);
  create.exclusive = true;
  create.decide = [&](const Views& views, Micros now) {
    CreateTokenInput input;
    input.name = "operator";
    input.groups = {group_id};
    return CreateGroupToken(ViewsStateView(views), kSystemAccount, input, fresh,
                            CommandContext{Actor{}, now});
  };
  if (Result<CommandOutcome> created = runner.Run(create); !created.ok()) {
    return created.error();
  }
  std::vector<std::string> old_tokens;
  {
    projections::ProjectionEngine::ReadLock views = runner.engine().Read();
    for (const TokenState* token : views->tokens_of_account(kSystemAccount)) {
      if (token->id != fresh.token_id &&
          token->status != TokenStatus::kRevoked) {
        old_tokens.push_back(token->id);
      }
    }
  }
  for (const std::string& token_id : old_tokens) {
    CommandRequest revoke;
    revoke.account_id = std::string(kSystemAccount);
    revoke.decide = [&](const Views& views, Micros now) {
      return RevokeToken(ViewsStateView(views), kSystemAccount, token_id,
                         CommandContext{Actor{}, now});
    };
    if (Result<CommandOutcome> revoked = runner.Run(revoke); !revoked.ok()) {
      return revoked.error();
    }
  }
  return fresh.secret;
}

}  // namespace keytrail::app
