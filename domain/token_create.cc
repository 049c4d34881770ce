// CreateGroupToken and CreatePersonalToken (token_commands.h).
#include <algorithm>

#include "domain/command_support.h"
#include "domain/ip_binding.h"
#include "domain/rate_limit.h"
#include "domain/secret.h"
#include "domain/token_commands.h"
#include "domain/user_commands.h"

namespace keytrail {
namespace {

// Tiflux: only the user themself, holding api_per_user and active, creates
// their personal token.
Status CheckPersonalOwner(const UserState& user,
                          const CommandContext& context) {
  if (context.actor.user_id != user.id) {
    return Error::Make(ErrorCode::kForbidden,
                       "a personal token can only be created by its user");
  }
  if (!user.active) {
    return Error::Make(ErrorCode::kForbidden,
                       "user " + user.id + " is inactive");
  }
  if (std::find(user.licenses.begin(), user.licenses.end(),
                kLicenseApiPerUser) == user.licenses.end()) {
    return Error::Make(ErrorCode::kLicenseRequired,
                       "user " + user.id + " lacks the license api_per_user");
  }
  return OkStatus();
}

// The checks and the event common to both kinds; `event` arrives with
// kind, groups and user_id set.
Result<Events> Create(const StateView& view, const AccountState& account,
                      const CreateTokenInput& input, const NewToken& token,
                      const CommandContext& context, TokenCreated event) {
  event.token_id = token.token_id;
  event.account_id = account.id;
  event.name = std::string(Trim(input.name));
  event.description = std::string(Trim(input.description));
  event.expires_at = input.expires_at;
  // Absent: the account's default duration, else the longest its expiry
  // policy allows, else never.
  std::optional<int64_t> days = account.settings.default_token_ttl_days;
  if (!days) days = account.max_token_ttl_days;
  if (!event.expires_at && days) {
    event.expires_at = context.now + *days * kMicrosPerDay;
  }
  FieldErrors errors;
  CheckTokenText(errors, event.name, event.description);
  CheckExpiresAt(errors, input.expires_at, context.now);
  CheckMetadata(errors, input.settings.metadata, kMaxMetadataBytes);
  std::vector<std::string> cidrs =
      NormalizeCidrs(errors, "bound_cidrs", input.settings.bound_cidrs);
  const std::string identity(Trim(input.settings.identity));
  CheckTokenRateLimit(errors, input.settings.rate_limit, identity);
  if (input.settings.credits) CheckCredits(errors, *input.settings.credits);
  if (event.kind == TokenKind::kGroup) {
    CheckGroups(errors, "groups", event.groups, account.id, GroupType::kApi,
                /*required=*/true, view);
  } else if (!input.groups.empty()) {
    errors.Add("groups", "a personal token has its user's groups");
  }
  if (!IsValidEnvironment(input.environment)) {
    errors.Add("environment", "must be \"live\" or \"test\"");
  }
  Status status = errors.ToStatus();
  if (status.ok()) {
    status = CheckExpiryPolicy(account, event.expires_at, context.now);
  }
  if (status.ok()) status = CheckApiAccess(account);
  if (status.ok())
    status = CheckTokenLimit(view, account, nullptr, context.now);
  if (status.ok()) status = CheckNewSecret(token.secret);
  const std::string prefix =
      SecretPrefixFor(account.token_prefix, input.environment);
  if (status.ok() && SecretPrefixOf(token.secret) != prefix) {
    status = Error::Make(ErrorCode::kConflict,
                         "the account's token prefix changed during the "
                         "call; try again");
  }
  if (!status.ok()) return status.error();
  event.secret_sha256 = Sha256Hex(token.secret);
  event.last4 = std::string(Last4(token.secret));
  Events events{event};
  if (prefix != kSecretPrefix) {
    events.push_back(TokenPrefixAssigned{event.token_id, event.account_id,
                                         prefix, input.environment});
  }
  if (!input.settings.metadata.empty()) {
    events.push_back(TokenMetadataChanged{event.token_id, event.account_id,
                                          input.settings.metadata});
  }
  if (!cidrs.empty()) {
    events.push_back(TokenBoundCidrsChanged{event.token_id, event.account_id,
                                            std::move(cidrs)});
  }
  if (input.settings.rate_limit) {
    events.push_back(TokenRateLimitChanged{
        event.token_id, event.account_id, input.settings.rate_limit, identity});
  }
  if (input.settings.credits && input.settings.credits->remaining) {
    events.push_back(TokenCreditsChanged{event.token_id, event.account_id,
                                         input.settings.credits->remaining,
                                         input.settings.credits->refill});
  }
  return events;
}

}  // namespace

Result<Events> CreateGroupToken(const StateView& view,
                                std::string_view account_id,
                                const CreateTokenInput& input,
                                const NewToken& token,
                                const CommandContext& context) {
  Result<const AccountState*> account = FindAccountOf(view, account_id);
  if (!account.ok()) return account.error();
  TokenCreated event;
  event.kind = TokenKind::kGroup;
  event.groups = input.groups;
  return Create(view, **account, input, token, context, std::move(event));
}

Result<Events> CreatePersonalToken(const StateView& view,
                                   std::string_view account_id,
                                   std::string_view user_id,
                                   const CreateTokenInput& input,
                                   const NewToken& token,
                                   const CommandContext& context) {
  Result<const AccountState*> account = FindAccountOf(view, account_id);
  if (!account.ok()) return account.error();
  Result<const UserState*> user = FindUserOf(view, account_id, user_id);
  if (!user.ok()) return user.error();
  if (Status status = CheckPersonalOwner(**user, context); !status.ok()) {
    return status.error();
  }
  TokenCreated event;
  event.kind = TokenKind::kPersonal;
  event.user_id = std::string(user_id);
  return Create(view, **account, input, token, context, std::move(event));
}

}  // namespace keytrail
