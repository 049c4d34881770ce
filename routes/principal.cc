// Authorize(): the one authentication and authorization check of every
// management route, made with the same pure decision as /v1/verify.
#include "base/log.h"
#include "base/sha256.h"
#include "domain/permissions.h"
#include "domain/secret.h"
#include "domain/verification.h"
#include "http/headers.h"
#include "projections/views_state_view.h"
#include "routes/console_cookie.h"
#include "routes/handler_support.h"

namespace keytrail::http {

namespace {

Error Unauthenticated(std::string message) {
  return Error::Make(ErrorCode::kUnauthenticated, std::move(message));
}

// The secret of `request`: `Authorization: Bearer <secret>` (any case) or
// `x-api-key: <secret>`; empty when neither is present.
std::string_view PresentedSecret(const Request& request) {
  if (std::optional<std::string_view> authorization =
          request.Header("Authorization")) {
    return BearerCredentials(*authorization).value_or(std::string_view());
  }
  return request.Header("x-api-key").value_or(std::string_view());
}

// Applies `Acting-User` to `principal`: the caller needs users:act_as and
// the user must belong to the account.
Status ApplyActingUser(const projections::Views& views, const Request& request,
                       std::string_view account_id, Principal& principal) {
  std::optional<std::string_view> acting = request.Header("Acting-User");
  if (!acting) return OkStatus();
  if (!Allows(principal.permissions, kPermUsersActAs)) {
    return Error::Make(ErrorCode::kForbidden,
                       "Acting-User needs the permission users:act_as");
  }
  const UserState* user = views.user(*acting);
  if (user == nullptr || user->account_id != account_id) {
    return Error::Invalid("Acting-User", "is not a user of this account");
  }
  principal.actor.user_id = user->id;
  return OkStatus();
}

}  // namespace

Result<Principal> Authorize(ApiContext& context, const Request& request,
                            std::string_view account_id,
                            std::string_view permission) {
  std::string client_ip = ClientIp(context, request);
  NoteRequestClient(client_ip);
  Sha256Digest hash;
  std::string_view secret = PresentedSecret(request);
  if (!secret.empty()) {
    if (CheckSecretFormat(secret) != SecretFormat::kOk) {
      return Unauthenticated("the token is malformed");
    }
    hash = Sha256DigestOf(secret);
  } else if (!ConsoleCookieSecret(request).empty()) {
    // A console session stands for the secret pasted at its sign-in; the
    // decision below is the same as for that secret sent as a bearer.
    Result<app::ConsoleSession> session = ConsoleSessionOf(context, request);
    if (!session.ok()) return session.error();
    hash = session->token_secret_sha256;
  } else {
    return Unauthenticated(
        "send the token as `Authorization: Bearer <secret>` or `x-api-key`");
  }
  const Micros now = context.clock->Now();
  projections::ProjectionEngine::ReadLock views = context.engine->Read();
  std::optional<projections::SecretMatch> match = views->FindSecret(hash, now);
  VerifyRequest verify;
  verify.token = match ? match->token : nullptr;
  verify.secret_sha256 = hash;
  verify.account = account_id;
  verify.client_ip = client_ip;
  verify.now = now;
  VerifyDecision decision =
      Verify(verify, projections::ViewsStateView(views.views()));
  if (decision.code == VerifyCode::kForbidden) {
    // Another account's resources do not exist for this caller.
    return Error::Make(ErrorCode::kNotFound, "no such account");
  }
  if (decision.code == VerifyCode::kForbiddenIp) return ForbiddenIpError();
  if (!decision.valid()) {
    return Unauthenticated("the token is not valid: " +
                           std::string(ToString(decision.code)));
  }
  Principal principal;
  principal.token_id = verify.token->id;
  principal.token_account_id = verify.token->account_id;
  principal.permissions = std::move(decision.permissions);
  principal.is_operator = principal.token_account_id == kSystemAccount &&
                          Allows(principal.permissions, kPermAll);
  principal.actor.token_id = principal.token_id;
  principal.actor.user_id = verify.token->user_id;
  principal.actor.ip = std::move(client_ip);
  NoteRequestToken(principal.token_id);
  if (context.usage != nullptr) {
    RecordManagementUse(context, principal);
  }
  if (account_id.empty() && !principal.is_operator) {
    return Error::Make(ErrorCode::kForbidden, "only the operator may do this");
  }
  if (!permission.empty() && !Allows(principal.permissions, permission)) {
    return Error::Make(
        ErrorCode::kForbidden,
        "the token lacks the permission " + std::string(permission));
  }
  if (Status acting =
          ApplyActingUser(views.views(), request, account_id, principal);
      !acting.ok()) {
    return acting.error();
  }
  return principal;
}

}  // namespace keytrail::http
