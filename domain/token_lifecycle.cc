// The commands on an existing token (token_commands.h): update, extend,
// disable, enable, revoke, regenerate, reveal.
#include <algorithm>

#include "domain/command_support.h"
#include "domain/ip_binding.h"
#include "domain/rate_limit.h"
#include "domain/secret.h"
#include "domain/token_commands.h"

namespace keytrail {
namespace {

// The token of `account_id`, refused with kConflict when revoked.
Result<const TokenState*> FindLiveToken(const StateView& view,
                                        std::string_view account_id,
                                        std::string_view token_id) {
  Result<const TokenState*> token = FindTokenOf(view, account_id, token_id);
  if (!token.ok()) return token;
  if (Status status = CheckNotRevoked(**token); !status.ok()) {
    return status.error();
  }
  return token;
}

// The events of a PATCH: each change `input` makes, validated together.
struct Patch {
  TokenUpdated fields;
  std::optional<std::string> metadata;
  std::optional<std::vector<std::string>> bound_cidrs;
  std::optional<TokenRateLimitChanged> rate_limit;
  std::optional<TokenCreditsChanged> credits;
};

// The token's rate limit and identity after `input` (which sets one of
// them), validated into `errors`; nullopt when they do not change.
std::optional<TokenRateLimitChanged> PatchedRateLimit(
    FieldErrors& errors, const TokenState& token,
    const UpdateTokenInput& input) {
  TokenRateLimitChanged next{token.id, token.account_id, token.rare->rate_limit,
                             token.rare->rate_identity};
  if (input.rate_limit) next.rate_limit = *input.rate_limit;
  if (input.identity) next.identity = std::string(Trim(*input.identity));
  // Removing the limit removes the identity it was shared under.
  if (input.rate_limit && !*input.rate_limit && !input.identity) {
    next.identity.clear();
  }
  CheckTokenRateLimit(errors, next.rate_limit, next.identity);
  if (next.rate_limit == token.rare->rate_limit &&
      next.identity == token.rare->rate_identity) {
    return std::nullopt;
  }
  return next;
}

// Applies `input` to a copy of the token's fields and validates them.
Result<Patch> Patched(const StateView& view, const TokenState& token,
                      const UpdateTokenInput& input, Micros now) {
  Patch patch;
  TokenUpdated& event = patch.fields;
  event = TokenUpdated{token.id,         token.account_id,
                       token.name,       token.rare->description,
                       token.expires_at, token.groups};
  FieldErrors errors;
  if (input.name) event.name = std::string(Trim(*input.name));
  if (input.description) {
    event.description = std::string(Trim(*input.description));
  }
  CheckTokenText(errors, event.name, event.description);
  if (input.expires_at) {
    event.expires_at = *input.expires_at;
    CheckExpiresAt(errors, event.expires_at, now);
  }
  if (input.groups && token.kind == TokenKind::kPersonal) {
    errors.Add("groups", "a personal token has its user's groups");
  } else if (input.groups) {
    event.groups = *input.groups;
    CheckGroups(errors, "groups", event.groups, token.account_id,
                GroupType::kApi, /*required=*/true, view);
  }
  if (input.metadata) {
    CheckMetadata(errors, *input.metadata, kMaxMetadataBytes);
    if (*input.metadata != token.rare->metadata)
      patch.metadata = input.metadata;
  }
  if (input.bound_cidrs) {
    std::vector<std::string> cidrs =
        NormalizeCidrs(errors, "bound_cidrs", *input.bound_cidrs);
    if (cidrs != token.rare->bound_cidrs) patch.bound_cidrs = std::move(cidrs);
  }
  if (input.rate_limit || input.identity) {
    patch.rate_limit = PatchedRateLimit(errors, token, input);
  }
  if (input.credits) {
    CheckCredits(errors, *input.credits);
    if (input.credits->remaining || token.rare->credits) {
      patch.credits =
          TokenCreditsChanged{token.id, token.account_id,
                              input.credits->remaining, input.credits->refill};
    }
  }
  if (Status status = errors.ToStatus(); !status.ok()) return status.error();
  return patch;
}

// kTokenLimit when the new expiry of `event` brings an expired token back
// over the plan's cap (it counts again).
Status CheckRevivalLimit(const StateView& view, const TokenState& token,
                         const TokenUpdated& event, Micros now) {
  TokenState after = token;
  after.expires_at = event.expires_at;
  if (CountsAsActive(token, now) || !CountsAsActive(after, now)) {
    return OkStatus();
  }
  Result<const AccountState*> account = FindAccountOf(view, token.account_id);
  if (!account.ok()) return account.error();
  return CheckTokenLimit(view, **account, &token, now);
}

}  // namespace

Result<Events> UpdateToken(const StateView& view, std::string_view account_id,
                           std::string_view token_id,
                           const UpdateTokenInput& input,
                           const CommandContext& context) {
  Result<const TokenState*> found = FindLiveToken(view, account_id, token_id);
  if (!found.ok()) return found.error();
  const TokenState& token = **found;
  Result<Patch> patch = Patched(view, token, input, context.now);
  if (!patch.ok()) return patch.error();
  Events events;
  TokenUpdated& event = patch->fields;
  if (event.name != token.name ||
      event.description != token.rare->description ||
      event.expires_at != token.expires_at || event.groups != token.groups) {
    // A changed expiry must keep to the policy; other fields never depend
    // on it.
    if (event.expires_at != token.expires_at) {
      Result<const AccountState*> account = FindAccountOf(view, account_id);
      if (!account.ok()) return account.error();
      if (Status status =
              CheckExpiryPolicy(**account, event.expires_at, context.now);
          !status.ok()) {
        return status.error();
      }
    }
    if (Status status = CheckRevivalLimit(view, token, event, context.now);
        !status.ok()) {
      return status.error();
    }
    events.push_back(std::move(event));
  }
  if (patch->metadata) {
    events.push_back(
        TokenMetadataChanged{token.id, token.account_id, *patch->metadata});
  }
  if (patch->bound_cidrs) {
    events.push_back(TokenBoundCidrsChanged{token.id, token.account_id,
                                            std::move(*patch->bound_cidrs)});
  }
  if (patch->rate_limit) events.push_back(std::move(*patch->rate_limit));
  if (patch->credits) events.push_back(std::move(*patch->credits));
  return events;
}

Result<Events> ExtendToken(const StateView& view, std::string_view account_id,
                           std::string_view token_id,
                           const ExtendTokenInput& input,
                           const CommandContext& context) {
  Result<const TokenState*> found = FindLiveToken(view, account_id, token_id);
  if (!found.ok()) return found.error();
  const TokenState& token = **found;
  Result<const AccountState*> account = FindAccountOf(view, account_id);
  if (!account.ok()) return account.error();
  if (!token.expires_at) {
    return Error::Invalid("expires_at", "the token never expires");
  }
  if (input.expires_at && input.days) {
    return Error::Invalid("days", "give expires_at or days, not both");
  }
  Micros expires_at = 0;
  if (input.expires_at) {
    expires_at = *input.expires_at;
  } else {
    std::optional<int64_t> days =
        input.days ? input.days : (*account)->settings.default_token_ttl_days;
    if (!days) {
      return Error::Invalid("days",
                            "is required: the account has no default duration");
    }
    if (*days < 1 || *days > 3650) {
      return Error::Invalid("days", "must be 1..3650");
    }
    expires_at =
        std::max(context.now, *token.expires_at) + *days * kMicrosPerDay;
  }
  if (expires_at <= context.now || expires_at <= *token.expires_at) {
    return Error::Invalid("expires_at",
                          "must be later than now and than the current expiry");
  }
  if (Status status = CheckExpiryPolicy(**account, expires_at, context.now);
      !status.ok()) {
    return status.error();
  }
  // An expired token comes back: it counts again.
  if (IsExpired(token, context.now)) {
    if (Status status = CheckTokenLimit(view, **account, &token, context.now);
        !status.ok()) {
      return status.error();
    }
  }
  return Events{TokenExpiryExtended{token.id, token.account_id, expires_at}};
}

Result<Events> DisableToken(const StateView& view, std::string_view account_id,
                            std::string_view token_id, const CommandContext&) {
  Result<const TokenState*> token = FindLiveToken(view, account_id, token_id);
  if (!token.ok()) return token.error();
  if ((*token)->status == TokenStatus::kDisabled) return Events{};
  return Events{TokenDisabled{(*token)->id, (*token)->account_id, "manual"}};
}

Result<Events> EnableToken(const StateView& view, std::string_view account_id,
                           std::string_view token_id,
                           const CommandContext& context) {
  Result<const TokenState*> token = FindLiveToken(view, account_id, token_id);
  if (!token.ok()) return token.error();
  if ((*token)->status == TokenStatus::kActive) return Events{};
  Result<const AccountState*> account = FindAccountOf(view, account_id);
  if (!account.ok()) return account.error();
  Status status = CheckApiAccess(**account);
  // An expired token stays inactive once enabled, so it takes no slot.
  if (status.ok() && !IsExpired(**token, context.now)) {
    status = CheckTokenLimit(view, **account, *token, context.now);
  }
  if (!status.ok()) return status.error();
  return Events{TokenEnabled{(*token)->id, (*token)->account_id}};
}

Result<Events> RevokeToken(const StateView& view, std::string_view account_id,
                           std::string_view token_id, const CommandContext&) {
  Result<const TokenState*> token = FindLiveToken(view, account_id, token_id);
  if (!token.ok()) return token.error();
  return Events{TokenRevoked{(*token)->id, (*token)->account_id}};
}

Result<Events> RegenerateToken(const StateView& view,
                               std::string_view account_id,
                               std::string_view token_id, int64_t grace_seconds,
                               std::string_view new_secret,
                               const CommandContext& context) {
  Result<const TokenState*> token = FindLiveToken(view, account_id, token_id);
  if (!token.ok()) return token.error();
  if (grace_seconds < 0 || grace_seconds > kMaxGraceSeconds) {
    return Error::Invalid("grace_seconds",
                          "must be 0 to 604800 seconds (7 days)");
  }
  if (Status status = CheckNewSecret(new_secret); !status.ok()) {
    return status.error();
  }
  if (SecretPrefixOf(new_secret) != TokenSecretPrefix(**token)) {
    return Error::Make(ErrorCode::kInternal,
                       "the new secret lacks the token's prefix");
  }
  // A new secret lives no longer than the policy allows: a token issued
  // before the policy (or without expiry) needs an expiry within it first.
  Result<const AccountState*> account = FindAccountOf(view, account_id);
  if (!account.ok()) return account.error();
  if (Status status =
          CheckExpiryPolicy(**account, (*token)->expires_at, context.now);
      !status.ok()) {
    return status.error();
  }
  TokenRegenerated event{(*token)->id, (*token)->account_id,
                         Sha256Hex(new_secret), std::string(Last4(new_secret)),
                         std::nullopt};
  if (grace_seconds > 0) {
    event.previous_valid_until = context.now + grace_seconds * kMicrosPerSecond;
  }
  return Events{std::move(event)};
}

Result<Events> RevealToken(const StateView& view, std::string_view account_id,
                           std::string_view token_id, const CommandContext&) {
  Result<const TokenState*> token = FindLiveToken(view, account_id, token_id);
  if (!token.ok()) return token.error();
  Result<const AccountState*> account = FindAccountOf(view, account_id);
  if (!account.ok()) return account.error();
  if ((*account)->settings.secret_visibility != SecretVisibility::kRevealable) {
    return Error::Make(ErrorCode::kNotRevealable,
                       "the account shows secrets only once");
  }
  return Events{TokenRevealed{(*token)->id, (*token)->account_id}};
}

}  // namespace keytrail
