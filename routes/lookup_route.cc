// POST /v1/tokens:lookup {"secret": "kt_..."}: the leaked-secret lookup of
// incident response. A secret of any prefix ("acme_live_...") is looked up
// by the hash of the whole secret, prefix included: the same random part
// under another prefix is another secret and matches nothing. Answers the token
// that has or had the secret: id, account, owner, status and last use, and
// which of its secrets it was. A lookup that finds a token appends
// TokenLookedUp (its webhook kind: secret.leaked_lookup).
//
// Who may ask: the operator, or a token with tokens:view on the account
// that owns the matched token. Everyone else, and every secret that matches
// nothing, gets the same 404, so that the lookup cannot probe which secrets
// exist. The secret is never logged, echoed or put in an error.
#include "app/usage_recorder.h"
#include "base/sha256.h"
#include "domain/permissions.h"
#include "domain/secret.h"
#include "routes/handler_support.h"
#include "routes/handlers.h"

namespace keytrail::http {

namespace {

struct Match {
  std::string token_id;
  std::string account_id;
  projections::SecretRole role = projections::SecretRole::kCurrent;
};

Error NoSuchSecret() {
  return Error::Make(ErrorCode::kNotFound, "no token has this secret");
}

std::string_view RoleName(projections::SecretRole role) {
  switch (role) {
    case projections::SecretRole::kCurrent:
      return "current";
    case projections::SecretRole::kPrevious:
      return "previous";
    case projections::SecretRole::kRetired:
      return "retired";
  }
  return "retired";
}

std::optional<Match> FindMatch(ApiContext& context, const std::string& secret,
                               Micros now) {
  if (CheckSecretFormat(secret) != SecretFormat::kOk) return std::nullopt;
  projections::ProjectionEngine::ReadLock views = context.engine->Read();
  std::optional<projections::SecretMatch> match =
      views->FindSecret(Sha256DigestOf(secret), now);
  if (!match) return std::nullopt;
  return Match{match->token->id, match->token->account_id, match->role};
}

boost::json::object LookupJson(ApiContext& context, const Match& match,
                               Micros now) {
  projections::ProjectionEngine::ReadLock views = context.engine->Read();
  const TokenState& token = *views->token(match.token_id);
  const AccountState* account = views->account(token.account_id);
  boost::json::object json =
      projections::TokenJson(token, account ? account->plan : Plan{}, now,
                             LiveUsageOf(context, token.id));
  boost::json::object out;
  out["token_id"] = token.id;
  out["account"] = token.account_id;
  out["name"] = token.name;
  out["kind"] = ToString(token.kind);
  out["masked"] = json["masked"];
  out["environment"] = json["environment"];
  out["owner"] = projections::OptionalStringJson(token.user_id);
  out["created_by"] =
      projections::OptionalStringJson(ActorIdText(token.created_by));
  out["status"] = json["status"];
  out["disabled_reason"] = json["disabled_reason"];
  out["matched"] = RoleName(match.role);
  out["created_at"] = json["created_at"];
  out["last_used_at"] = json["last_used_at"];
  out["last_used_ip"] = json["last_used_ip"];
  out["use_count"] = json["use_count"];
  return out;
}

}  // namespace

Result<Response> LookupRoute(ApiContext& context, const Request& request,
                             std::string_view permission) {
  Result<JsonBody> body = JsonBody::Parse(request);
  if (!body.ok()) return body.error();
  std::string secret = body->RequireString("secret");
  if (Status done = body->Finish(); !done.ok()) return done.error();
  const Micros now = context.clock->Now();
  std::optional<Match> match = FindMatch(context, secret, now);
  // Authenticate first, whatever the secret, so that an unauthenticated
  // caller learns nothing; then the same 404 for "no such secret" and
  // "not yours".
  Result<Principal> principal =
      match ? Authorize(context, request, match->account_id, permission)
            : Authorize(context, request, "", "");
  if (!principal.ok()) {
    if (principal.error().code == ErrorCode::kUnauthenticated) {
      return principal.error();
    }
    return NoSuchSecret();
  }
  if (!match) return NoSuchSecret();
  // Every lookup that finds a token is recorded against it (TokenLookedUp,
  // the webhook kind secret.leaked_lookup), like a reveal: no
  // Idempotency-Key turns a second one into a replay.
  app::Caller caller;
  caller.actor = principal->actor;
  if (Status recorded = app::RecordSecretLookup(
          CommandsOf(context), caller, match->account_id, match->token_id,
          RoleName(match->role));
      !recorded.ok()) {
    return recorded.error();
  }
  return JsonResponse(200, LookupJson(context, *match, now));
}

}  // namespace keytrail::http
