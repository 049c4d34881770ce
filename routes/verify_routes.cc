// POST /v1/verify and GET /v1/auth (docs/api.md §4). The answer is rendered by
// hand into one string: this is the hot path, and its shape is fixed.
#include "routes/verify_routes.h"

#include <string>
#include <string_view>

#include "base/canonical_json.h"
#include "routes/handler_support.h"
#include "app/usage_recorder.h"
#include "routes/verifier.h"

namespace keytrail::http {

// Registered by AddVerificationRoutes; in lookup_route.cc.
Route LookupRoute(ApiContext& context);

namespace {

constexpr std::string_view kJson = "application/json";

void AppendString(std::string& out, std::string_view key,
                  std::string_view value) {
  out.push_back('"');
  out.append(key);
  out.append("\":");
  AppendJsonString(out, value);
}

// {"valid": true, "code": "VALID", "token_id", "account", "kind", "user",
//  "permissions", "expires_at"} or {"valid": false, "code": ...}.
std::string VerifyJson(const VerifyOutcome& outcome) {
  const VerifyDecision& decision = outcome.decision;
  std::string out;
  out.reserve(256);
  if (!decision.valid()) {
    out.append("{\"valid\":false,\"code\":\"");
    out.append(ToString(decision.code));
    out.append("\"}");
    return out;
  }
  const VerifySnapshot& token = *outcome.snapshot;
  out.append("{\"valid\":true,\"code\":\"VALID\",");
  AppendString(out, "token_id", token.id());
  out.push_back(',');
  AppendString(out, "account", decision.account);
  out.push_back(',');
  AppendString(out, "kind", ToString(token.kind));
  out.append(",\"user\":");
  if (token.user_id().empty()) {
    out.append("null");
  } else {
    AppendJsonString(out, token.user_id());
  }
  out.append(",\"permissions\":[");
  for (size_t i = 0; i < decision.permissions.size(); ++i) {
    if (i > 0) out.push_back(',');
    AppendJsonString(out, decision.permissions[i]);
  }
  out.append("],\"expires_at\":");
  if (token.expires_at) {
    AppendJsonString(out, FormatRfc3339(*token.expires_at));
  } else {
    out.append("null");
  }
  out.push_back('}');
  return out;
}

// Verifies and records the use; the one path both routes take.
VerifyOutcome VerifyAndRecord(ApiContext& context, const Request& request,
                              std::string_view secret, std::string_view account,
                              std::string_view permission) {
  const Micros now = context.clock->Now();
  VerifyOutcome outcome =
      VerifySecret(context.usage->index(), secret, account, permission, now);
  context.usage->Record(outcome.snapshot.get(), outcome.decision.code,
                        ClientIp(context, request), now);
  return outcome;
}

Response VerifyRoute(ApiContext& context, const Request& request) {
  std::optional<std::string> token, account, permission;
  if (!request.body.empty()) {
    Result<JsonBody> body = JsonBody::Parse(request);
    if (!body.ok()) return ProblemResponse(body.error());
    token = body->OptionalString("token");
    account = body->OptionalString("account");
    permission = body->OptionalString("permission");
    if (Status done = body->Finish(); !done.ok()) {
      return ProblemResponse(done.error());
    }
  }
  std::string_view secret = token ? *token : SecretFromHeaders(request);
  VerifyOutcome outcome = VerifyAndRecord(
      context, request, secret, account.value_or(""), permission.value_or(""));
  return Response::Text(200, VerifyJson(outcome), std::string(kJson));
}

Response AuthRoute(ApiContext& context, const Request& request) {
  VerifyOutcome outcome =
      VerifyAndRecord(context, request, SecretFromHeaders(request),
                      request.Header("X-Account").value_or(""),
                      request.Header("X-Required-Permission").value_or(""));
  const VerifyDecision& decision = outcome.decision;
  if (decision.valid()) {
    Response response = Response::Empty(204);
    response.headers.Set("X-Token-Id", std::string(outcome.snapshot->id()));
    response.headers.Set("X-Account", decision.account);
    if (!outcome.snapshot->user_id().empty()) {
      response.headers.Set("X-User", outcome.snapshot->user_id());
    }
    return response;
  }
  Response response =
      decision.code == VerifyCode::kForbidden
          ? ProblemResponse(Error::Make(
                ErrorCode::kForbidden,
                "the token has no access to this account or permission"))
          : ProblemResponse(
                Error::Make(ErrorCode::kUnauthenticated,
                            "the token is not valid: " +
                                std::string(ToString(decision.code))));
  response.headers.Set("X-Verify-Code", std::string(ToString(decision.code)));
  return response;
}

}  // namespace

Status AddVerificationRoutes(Router& router, ApiContext& context) {
  if (context.usage == nullptr) {
    return Error::Make(ErrorCode::kInvalid,
                       "verification routes need ApiContext::usage");
  }
  ApiContext* ctx = &context;
  return AddRoutes(
      router,
      {
          {"POST", "/v1/verify", "verify",
           [ctx](const Request& r) { return VerifyRoute(*ctx, r); }, false},
          {"GET", "/v1/auth", "auth",
           [ctx](const Request& r) { return AuthRoute(*ctx, r); }, false},
          LookupRoute(context),
      });
}

}  // namespace keytrail::http
