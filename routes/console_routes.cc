// The admin console's routes (docs/console.md): its embedded files, served
// with a strict Content-Security-Policy, and its sign-in sessions. None of
// this touches /v1/verify or /v1/auth.
#include <boost/json.hpp>

#include "domain/permissions.h"
#include "domain/secret.h"
#include "domain/verification.h"
#include "projections/views_state_view.h"
#include "routes/console_assets.h"
#include "routes/console_cookie.h"
#include "routes/handlers.h"

namespace keytrail::http {

namespace {

Response AssetResponse(const ConsoleAsset& asset, const Request& request) {
  Response response;
  if (request.Header("If-None-Match") == asset.etag) {
    response.status = 304;
  } else {
    response.status = 200;
    response.content_type = std::string(asset.content_type);
    response.body = std::string(asset.body);
  }
  response.headers.Set("ETag", asset.etag);
  response.headers.Set("Cache-Control", "no-cache");
  response.headers.Set("Content-Security-Policy", std::string(kConsoleCsp));
  response.headers.Set("X-Content-Type-Options", "nosniff");
  response.headers.Set("X-Frame-Options", "DENY");
  response.headers.Set("Referrer-Policy", "no-referrer");
  return response;
}

Response AssetAt(const std::string& path, const Request& request) {
  const ConsoleAsset* asset = FindConsoleAsset(path);
  if (asset == nullptr) {
    return ProblemResponse(
        Error::Make(ErrorCode::kNotFound, "no such console file"));
  }
  return AssetResponse(*asset, request);
}

// Whether the request came over TLS, as a trusted proxy tells.
bool OverTls(const ApiContext& context, const Request& request) {
  std::optional<std::string_view> proto = request.Header("X-Forwarded-Proto");
  if (!proto || *proto != "https") return false;
  for (const std::string& proxy : context.trusted_proxies) {
    if (proxy == request.peer_ip) return true;
  }
  return false;
}

std::string Cookie(const ApiContext& context, const Request& request,
                   std::string_view value, int64_t max_age_seconds) {
  std::string cookie(kConsoleCookieName);
  cookie.append("=").append(value);
  cookie.append("; Path=/; HttpOnly; SameSite=Strict; Max-Age=");
  cookie.append(std::to_string(max_age_seconds));
  if (OverTls(context, request)) cookie.append("; Secure");
  return cookie;
}

boost::json::object SessionJson(const app::ConsoleSession& session,
                                const std::vector<std::string>& permissions,
                                bool is_operator, TokenKind kind,
                                std::string_view csrf_token) {
  boost::json::array perms;
  for (const std::string& permission : permissions) {
    perms.emplace_back(permission);
  }
  boost::json::object out;
  out["id"] = session.id;
  out["account"] = session.account_id;
  out["token"] = session.token_id;
  if (session.user_id.empty()) {
    out["user"] = nullptr;
  } else {
    out["user"] = session.user_id;
  }
  out["kind"] = ToString(kind);
  out["operator"] = is_operator;
  out["permissions"] = std::move(perms);
  out["started_at"] = FormatRfc3339(session.started_at);
  out["expires_at"] = FormatRfc3339(session.expires_at);
  out["idle_timeout_seconds"] = session.idle_seconds;
  out["csrf_token"] = csrf_token;
  return out;
}

}  // namespace

Response ConsoleRedirectRoute(const Request&) {
  Response response = Response::Empty(308);
  response.headers.Set("Location", "/console/");
  return response;
}

Response ConsoleIndexRoute(const Request& request) {
  return AssetAt("index.html", request);
}

Response ConsoleAssetRoute(const Request& request) {
  return AssetAt(std::string(request.Param("asset")), request);
}

Response ConsoleScreenRoute(const Request& request) {
  return AssetAt("screens/" + std::string(request.Param("asset")), request);
}

// POST /v1/console/session {"token": "kt_…"}: the same decision as a bearer
// token gets; a refusal is a ConsoleSignInFailed event.
Result<Response> SignInRoute(ApiContext& context, const Request& request,
                             std::string_view) {
  app::ConsoleSessions& sessions = *context.console;
  Result<JsonBody> body = JsonBody::Parse(request);
  if (!body.ok()) return body.error();
  std::string secret = body->RequireString("token");
  if (Status done = body->Finish(); !done.ok()) return done.error();
  const std::string ip = ClientIp(context, request);
  auto refuse = [&](const std::string& account,
                    VerifyCode code) -> Result<Response> {
    if (Status recorded = sessions.RecordFailure(account, ToString(code), ip);
        !recorded.ok()) {
      return recorded.error();
    }
    if (code == VerifyCode::kForbiddenIp) return ForbiddenIpError();
    return Error::Make(
        ErrorCode::kUnauthenticated,
        "the token is not valid: " + std::string(ToString(code)));
  };
  if (CheckSecretFormat(secret) != SecretFormat::kOk) {
    return refuse(std::string(kSystemAccount), VerifyCode::kMalformed);
  }
  const Sha256Digest hash = Sha256DigestOf(secret);
  const Micros now = context.clock->Now();
  Actor actor;
  std::string account_id;
  VerifyDecision decision;
  TokenKind kind = TokenKind::kGroup;
  {
    projections::ProjectionEngine::ReadLock views = context.engine->Read();
    std::optional<projections::SecretMatch> match =
        views->FindSecret(hash, now);
    VerifyRequest verify;
    verify.token = match ? match->token : nullptr;
    verify.secret_sha256 = hash;
    verify.now = now;
    verify.client_ip = ip;  // a token bound to CIDRs signs in from them only
    decision = Verify(verify, projections::ViewsStateView(views.views()));
    if (verify.token != nullptr) {
      account_id = verify.token->account_id;
      actor = Actor{verify.token->id, verify.token->user_id, ip};
      kind = verify.token->kind;
    }
  }
  if (!decision.valid()) {
    return refuse(account_id.empty() ? std::string(kSystemAccount) : account_id,
                  decision.code);
  }
  Result<app::ConsoleSignIn> signed_in = sessions.Open(actor, account_id, hash);
  if (!signed_in.ok()) return signed_in.error();
  const bool is_operator =
      account_id == kSystemAccount && Allows(decision.permissions, kPermAll);
  Response response =
      JsonResponse(201, SessionJson(signed_in->session, decision.permissions,
                                    is_operator, kind, signed_in->csrf_token));
  response.headers.Set("Set-Cookie",
                       Cookie(context, request, signed_in->secret,
                              sessions.options().absolute_timeout.count()));
  response.headers.Set("Cache-Control", "no-store");
  return response;
}

// GET /v1/console/session: who is signed in, with the permissions the token
// has now and the CSRF token (for a page that was reloaded).
Result<Response> SessionRoute(ApiContext& context, const Request& request,
                              std::string_view permission) {
  Result<app::ConsoleSession> session = ConsoleSessionOf(context, request);
  if (!session.ok()) return session.error();
  Result<Principal> principal =
      Authorize(context, request, session->account_id, permission);
  if (!principal.ok()) return principal.error();
  TokenKind kind = TokenKind::kGroup;
  {
    projections::ProjectionEngine::ReadLock views = context.engine->Read();
    if (const TokenState* token = views->token(session->token_id)) {
      kind = token->kind;
    }
  }
  Response response = JsonResponse(
      200,
      SessionJson(
          *session, principal->permissions, principal->is_operator, kind,
          app::ConsoleSessions::CsrfTokenOf(ConsoleCookieSecret(request))));
  response.headers.Set("Cache-Control", "no-store");
  return response;
}

// DELETE /v1/console/session: ends the session for every node.
Result<Response> SignOutRoute(ApiContext& context, const Request& request,
                              std::string_view) {
  Result<app::ConsoleSession> session = ConsoleSessionOf(context, request);
  if (!session.ok()) return session.error();
  Actor actor{session->token_id, session->user_id, ClientIp(context, request)};
  if (Status closed = context.console->Close(*session, actor); !closed.ok()) {
    return closed.error();
  }
  Response response = Response::Empty(204);
  response.headers.Set("Set-Cookie", Cookie(context, request, "", 0));
  return response;
}

}  // namespace keytrail::http
