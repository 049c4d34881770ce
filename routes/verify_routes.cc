// POST /v1/verify and GET /v1/auth (docs/api.md §4). The answer is rendered by
// hand into one string: this is the hot path, and its shape is fixed.
#include <algorithm>
#include <string>
#include <string_view>

#include "app/usage_recorder.h"
#include "base/base64url.h"
#include "base/canonical_json.h"
#include "base/log.h"
#include "routes/handler_support.h"
#include "routes/handlers.h"
#include "routes/verifier.h"

namespace keytrail::http {

namespace {

constexpr std::string_view kJson = "application/json";

void AppendString(std::string& out, std::string_view key,
                  std::string_view value) {
  out.push_back('"');
  out.append(key);
  out.append("\":");
  AppendJsonString(out, value);
}

// ,"ratelimit":{"limit":N,"remaining":N,"reset":"<RFC 3339>"} when the
// token has rate limits.
void AppendRateLimit(std::string& out, const VerifyOutcome& outcome) {
  if (!outcome.rate) return;
  out.append(",\"ratelimit\":{\"limit\":");
  out.append(std::to_string(outcome.rate->limit));
  out.append(",\"remaining\":");
  out.append(std::to_string(outcome.rate->remaining));
  out.append(",\"reset\":");
  AppendJsonString(out, FormatRfc3339(outcome.rate->reset));
  out.push_back('}');
}

// ,"credits":{"remaining":N,"refill_at":"<RFC 3339>"|null} when the
// token's credits were asked.
void AppendCredits(std::string& out, const VerifyOutcome& outcome) {
  if (!outcome.credits) return;
  out.append(",\"credits\":{\"remaining\":");
  out.append(std::to_string(outcome.credits->remaining));
  out.append(",\"refill_at\":");
  if (outcome.credits->refill_at == 0) {
    out.append("null");
  } else {
    AppendJsonString(out, FormatRfc3339(outcome.credits->refill_at));
  }
  out.push_back('}');
}

// {"valid": true, "code": "VALID", "token_id", "account", "kind", "user",
//  "permissions", "expires_at", "meta", "ratelimit"?, "credits"?} or
//  {"valid": false, "code": ..., "ratelimit"?, "credits"?}.
std::string VerifyJson(const VerifyOutcome& outcome) {
  const VerifyDecision& decision = outcome.decision;
  std::string out;
  out.reserve(256);
  if (!decision.valid()) {
    out.append("{\"valid\":false,\"code\":\"");
    out.append(ToString(decision.code));
    out.push_back('"');
    AppendRateLimit(out, outcome);
    AppendCredits(out, outcome);
    out.push_back('}');
    return out;
  }
  const projections::VerifySnapshot& token = *outcome.snapshot;
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
  // Canonical JSON of an object: copied verbatim.
  out.append(",\"meta\":");
  const std::string_view meta = token.metadata();
  out.append(meta.empty() ? std::string_view("null") : meta);
  AppendRateLimit(out, outcome);
  AppendCredits(out, outcome);
  out.push_back('}');
  return out;
}

// The problem GET /v1/auth answers for a verification that failed with
// `code`.
Error AuthProblem(VerifyCode code) {
  switch (code) {
    case VerifyCode::kForbidden:
      return Error::Make(
          ErrorCode::kForbidden,
          "the token has no access to this account or permission");
    case VerifyCode::kForbiddenIp:
      return ForbiddenIpError();
    case VerifyCode::kRateLimited:
      return Error::Make(ErrorCode::kRateLimited,
                         "the token's rate limit is reached; retry after "
                         "Retry-After seconds");
    case VerifyCode::kUsageExceeded:
      return Error::Make(ErrorCode::kUsageExceeded,
                         "the token's credits are spent");
    default:
      return Error::Make(
          ErrorCode::kUnauthenticated,
          "the token is not valid: " + std::string(ToString(code)));
  }
}

// Verifies and records the use; the one path both routes take. On an I/O
// thread, an outcome that must_block records nothing: the route answers
// Response::RunOnWorker() and is called again on a worker.
VerifyOutcome VerifyAndRecord(ApiContext& context, const Request& request,
                              std::string_view secret, std::string_view account,
                              std::string_view permission) {
  const Micros now = context.clock->Now();
  const std::string client_ip = ClientIp(context, request);
  VerifyOutcome outcome = VerifySecret(
      context.usage->index(), context.limiter, context.credits, secret, account,
      permission, client_ip, now, request.on_worker);
  if (outcome.must_block) return outcome;
  context.usage->Record(outcome.snapshot.get(), outcome.decision.code,
                        client_ip, now);
  NoteRequestClient(client_ip);
  if (outcome.snapshot != nullptr) NoteRequestToken(outcome.snapshot->id());
  return outcome;
}

}  // namespace

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
  if (outcome.must_block) return Response::RunOnWorker();
  return Response::Text(200, VerifyJson(outcome), std::string(kJson));
}

Response AuthRoute(ApiContext& context, const Request& request) {
  VerifyOutcome outcome =
      VerifyAndRecord(context, request, SecretFromHeaders(request),
                      request.Header("X-Account").value_or(""),
                      request.Header("X-Required-Permission").value_or(""));
  if (outcome.must_block) return Response::RunOnWorker();
  const VerifyDecision& decision = outcome.decision;
  if (decision.valid()) {
    Response response = Response::Empty(204);
    response.headers.Set("X-Token-Id", std::string(outcome.snapshot->id()));
    response.headers.Set("X-Account", decision.account);
    if (!outcome.snapshot->user_id().empty()) {
      response.headers.Set("X-User", outcome.snapshot->user_id());
    }
    const std::string_view meta = outcome.snapshot->metadata();
    if (!context.auth_metadata_header.empty() && !meta.empty()) {
      response.headers.Set(context.auth_metadata_header, Base64UrlEncode(meta));
    }
    return response;
  }
  Response response = ProblemResponse(AuthProblem(decision.code));
  if (decision.code == VerifyCode::kRateLimited) {
    // Whole seconds until the bucket holds a call again, at least 1.
    const Micros wait = outcome.rate->reset - context.clock->Now();
    response.headers.Set("Retry-After", std::to_string(std::max<Micros>(
                                            1, (wait + kMicrosPerSecond - 1) /
                                                   kMicrosPerSecond)));
  }
  if (decision.code == VerifyCode::kUsageExceeded && outcome.credits &&
      outcome.credits->refill_at != 0) {
    // Whole seconds until the refill, at least 1.
    const Micros wait = outcome.credits->refill_at - context.clock->Now();
    response.headers.Set("Retry-After", std::to_string(std::max<Micros>(
                                            1, (wait + kMicrosPerSecond - 1) /
                                                   kMicrosPerSecond)));
  }
  response.headers.Set("X-Verify-Code", std::string(ToString(decision.code)));
  return response;
}

}  // namespace keytrail::http
