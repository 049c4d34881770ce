// Evolve(TokenState) and EffectiveStatusOf.
#include "base/overloaded.h"
#include "domain/credits.h"
#include "domain/secret.h"
#include "domain/state.h"

namespace keytrail {
namespace {

SharedActorId SharedActorIdOf(const EventMeta& meta) {
  if (meta.shared_actor_id != nullptr) return meta.shared_actor_id;
  return std::make_shared<const std::string>(ActorId(meta.actor));
}

// The digest of a secret hash as the events carry it (64 hex digits, as
// the domain always writes); all zeros, which no secret hashes to in
// practice, for anything else.
Sha256Digest DigestOf(std::string_view hex) {
  return ParseSha256Hex(hex).value_or(Sha256Digest{});
}

// A change of the token itself (not its usage): a new version, by whom.
void Touch(TokenState& token, const EventMeta& meta) {
  token.version = meta.version;
  token.updated_at = meta.time;
  token.updated_by = SharedActorIdOf(meta);
}

void Create(TokenState& token, const TokenCreated& e, const EventMeta& meta) {
  token.id = e.token_id;
  token.account_id = e.account_id;
  token.name = e.name;
  token.kind = e.kind;
  token.groups = e.groups;
  token.user_id = e.user_id;
  token.status = TokenStatus::kActive;
  token.expires_at = e.expires_at;
  token.secret_sha256 = DigestOf(e.secret_sha256);
  token.last4 = e.last4;
  token.rare.Update([&](TokenRareFields& rare) {
    rare = TokenRareFields{};
    rare.description = e.description;
  });
  token.created_at = meta.time;
  token.created_by = SharedActorIdOf(meta);
  Touch(token, meta);
}

void Regenerate(TokenState& token, const TokenRegenerated& e,
                const EventMeta& meta) {
  token.rare.Update([&](TokenRareFields& rare) {
    rare.previous_secret_sha256 =
        e.previous_valid_until ? token.secret_sha256 : Sha256Digest{};
    rare.previous_valid_until = e.previous_valid_until;
  });
  token.secret_sha256 = DigestOf(e.secret_sha256);
  token.last4 = e.last4;
  Touch(token, meta);
}

void Use(TokenState& token, const TokenUsed& e) {
  token.use_count += e.count;
  if (!token.last_used_at || e.last_at >= *token.last_used_at) {
    token.last_used_at = e.last_at;
    token.last_used_ip = e.ip;
  }
}

}  // namespace

void Evolve(TokenState& token, const Event& event, const EventMeta& meta) {
  // Every event of the stream moves stream_version; only lifecycle events
  // (through Touch) move version.
  bool of_token = VisitEventsOf<Aggregate::kToken>(
      event,
      Overloaded{[&](const TokenCreated& e) { Create(token, e, meta); },
                 [&](const TokenPrefixAssigned& e) {
                   token.rare.Update([&](TokenRareFields& rare) {
                     rare.secret_prefix = e.secret_prefix;
                     rare.environment = e.environment;
                   });
                   Touch(token, meta);
                 },
                 [&](const TokenUpdated& e) {
                   token.name = e.name;
                   token.rare.Update([&](TokenRareFields& rare) {
                     rare.description = e.description;
                   });
                   token.expires_at = e.expires_at;
                   token.groups = e.groups;
                   Touch(token, meta);
                 },
                 [&](const TokenRegenerated& e) { Regenerate(token, e, meta); },
                 [&](const TokenExpiryExtended& e) {
                   token.expires_at = e.expires_at;
                   Touch(token, meta);
                 },
                 [&](const TokenMetadataChanged& e) {
                   token.rare.Update([&](TokenRareFields& rare) {
                     rare.metadata = e.metadata;
                   });
                   Touch(token, meta);
                 },
                 [&](const TokenBoundCidrsChanged& e) {
                   token.rare.Update([&](TokenRareFields& rare) {
                     rare.bound_cidrs = e.bound_cidrs;
                   });
                   Touch(token, meta);
                 },
                 [&](const TokenRateLimitChanged& e) {
                   token.rare.Update([&](TokenRareFields& rare) {
                     rare.rate_limit = e.rate_limit;
                     rare.rate_identity = e.identity;
                   });
                   Touch(token, meta);
                 },
                 [&](const TokenCreditsChanged& e) {
                   token.rare.Update([&](TokenRareFields& rare) {
                     SetCredits(rare, e, meta);
                   });
                   Touch(token, meta);
                 },
                 // Leases move credits between the pool and the nodes; the
                 // token's representation shows the pool, but an admin's
                 // ETag must not change with every block a node takes.
                 [&](const CreditsLeased& e) {
                   token.rare.Update([&](TokenRareFields& rare) {
                     FoldCreditsLeased(rare, e);
                   });
                 },
                 [&](const CreditsReturned& e) {
                   token.rare.Update([&](TokenRareFields& rare) {
                     FoldCreditsReturned(rare, e);
                   });
                 },
                 [&](const TokenDisabled& e) {
                   token.status = TokenStatus::kDisabled;
                   token.rare.Update([&](TokenRareFields& rare) {
                     rare.disabled_reason = e.reason;
                   });
                   Touch(token, meta);
                 },
                 [&](const TokenEnabled&) {
                   token.status = TokenStatus::kActive;
                   token.rare.Update([](TokenRareFields& rare) {
                     rare.disabled_reason.clear();
                   });
                   Touch(token, meta);
                 },
                 [&](const TokenRevoked&) {
                   token.status = TokenStatus::kRevoked;
                   token.rare.Update([](TokenRareFields& rare) {
                     rare.disabled_reason.clear();
                   });
                   Touch(token, meta);
                 },
                 // Neither a reveal nor usage changes the token's
                 // representation, so neither moves its version (ETag).
                 [&](const TokenRevealed&) {}, [&](const TokenLookedUp&) {},
                 [&](const TokenExpiring& e) {
                   token.rare.Update([&](TokenRareFields& rare) {
                     rare.expiry_warned_for = e.expires_at;
                     rare.expiry_warned_within = e.within_days;
                   });
                 },
                 [&](const TokenUsed& e) { Use(token, e); },
                 [&](const TokenUseRejected&) {}});
  if (of_token) token.stream_version = meta.version;
}

EffectiveStatus EffectiveStatusOf(const TokenState& token, const Plan& plan,
                                  Micros now) {
  switch (token.status) {
    case TokenStatus::kRevoked:
      return {"revoked", ""};
    case TokenStatus::kDisabled:
      return {"disabled", token.rare->disabled_reason};
    case TokenStatus::kActive:
      break;
  }
  if (IsExpired(token, now)) return {"expired", ""};
  if (!plan.api_access) return {"disabled", "plan"};
  return {"active", ""};
}

bool IsExpired(const TokenState& token, Micros now) {
  return IsExpired(token.expires_at, now);
}

bool IsExpired(const std::optional<Micros>& expires_at, Micros now) {
  return expires_at && *expires_at <= now;
}

bool CountsAsActive(const TokenState& token, Micros now) {
  return token.status == TokenStatus::kActive && !IsExpired(token, now);
}

std::string_view TokenSecretPrefix(const TokenState& token) {
  const std::string& prefix = token.rare->secret_prefix;
  return prefix.empty() ? kSecretPrefix : std::string_view(prefix);
}

}  // namespace keytrail
