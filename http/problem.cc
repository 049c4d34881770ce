#include "http/problem.h"

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include "base/log.h"

namespace keytrail::http {

namespace {

struct ProblemKind {
  int status;
  std::string_view code;  // the problem+json "code"
  std::string_view title;
};

ProblemKind KindOf(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalid:
      return {400, "INVALID", "Invalid request"};
    case ErrorCode::kUnauthenticated:
      return {401, "UNAUTHENTICATED", "Authentication required"};
    case ErrorCode::kForbidden:
      return {403, "FORBIDDEN", "Forbidden"};
    case ErrorCode::kLicenseRequired:
      return {403, "LICENSE_REQUIRED", "License required"};
    case ErrorCode::kPlanDisabled:
      return {403, "PLAN_DISABLED", "Plan does not allow API access"};
    case ErrorCode::kForbiddenIp:
      return {403, "FORBIDDEN_IP", "Client IP not allowed for this token"};
    case ErrorCode::kNotFound:
      return {404, "NOT_FOUND", "Not found"};
    case ErrorCode::kConflict:
      return {409, "CONFLICT", "Conflict"};
    case ErrorCode::kTokenLimit:
      return {409, "TOKEN_LIMIT", "Token limit reached"};
    case ErrorCode::kGroupInUse:
      return {409, "GROUP_IN_USE", "Group in use"};
    case ErrorCode::kNotRevealable:
      return {409, "NOT_REVEALABLE", "Secret not revealable"};
    case ErrorCode::kExpiryPolicy:
      return {422, "EXPIRY_POLICY", "Expiry outside the account's policy"};
    case ErrorCode::kVersionMismatch:
      return {412, "VERSION_MISMATCH", "Version mismatch"};
    case ErrorCode::kRateLimited:
      return {429, "RATE_LIMITED", "Rate limit reached"};
    case ErrorCode::kUsageExceeded:
      return {429, "USAGE_EXCEEDED", "Token's credits spent"};
    case ErrorCode::kTooLarge:
      return {413, "TOO_LARGE", "Request body too large"};
    case ErrorCode::kUnsupportedMediaType:
      return {415, "UNSUPPORTED_MEDIA_TYPE", "Unsupported media type"};
    case ErrorCode::kUnavailable:
      return {503, "UNAVAILABLE", "Service unavailable"};
    case ErrorCode::kCorruption:
      return {500, "STORE_CORRUPTED", "Event store damaged"};
    case ErrorCode::kIoError:
    case ErrorCode::kInternal:
      break;
  }
  return {500, "INTERNAL", "Internal error"};
}

constexpr std::string_view kCorruptionDetail =
    "The event store has a damaged block (the server log names the file): "
    "what this request needs cannot be read. Restore the data directory from "
    "a backup (docs/deploy.md); GET /readyz answers 503 until then.";

constexpr std::string_view kInternalDetail =
    "The server could not complete the request; the X-Request-Id header "
    "identifies it in the server log.";

// "TOKEN_LIMIT" -> "urn:keytrail:problem:token-limit".
std::string TypeUri(std::string_view code) {
  std::string uri = "urn:keytrail:problem:";
  for (char c : code) {
    uri += c == '_' ? '-' : static_cast<char>(c - 'A' + 'a');
  }
  return uri;
}

Response Render(const ProblemKind& kind, std::string_view detail,
                const std::vector<FieldError>& fields) {
  boost::json::object problem;
  problem["type"] = TypeUri(kind.code);
  problem["title"] = kind.title;
  problem["status"] = kind.status;
  problem["detail"] = detail.empty() ? kind.title : detail;
  problem["code"] = kind.code;
  if (!fields.empty()) {
    boost::json::array errors;
    for (const FieldError& field : fields) {
      errors.push_back({{"field", field.field}, {"message", field.message}});
    }
    problem["errors"] = std::move(errors);
  }
  return Response::Text(kind.status, boost::json::serialize(problem),
                        std::string(kProblemContentType));
}

}  // namespace

int HttpStatus(ErrorCode code) { return KindOf(code).status; }

Response ProblemResponse(const Error& error) {
  ProblemKind kind = KindOf(error.code);
  if (kind.status >= 500 && kind.status != 503) {
    Log(spdlog::level::err, "internal error",
        {{"code", ErrorCodeName(error.code)}, {"detail", error.message}});
    return Render(kind,
                  error.code == ErrorCode::kCorruption ? kCorruptionDetail
                                                       : kInternalDetail,
                  {});
  }
  Response response = Render(kind, error.message, error.fields);
  // A 503 is temporary (the store is unreachable, the server is starting
  // or stopping): say when to try again. Retrying a command is safe.
  if (kind.status == 503) response.headers.Set("Retry-After", "1");
  return response;
}

Response RouteNotFoundProblem() {
  return Render(KindOf(ErrorCode::kNotFound),
                "No route matches the request path.", {});
}

Response MethodNotAllowedProblem(const std::vector<std::string>& allowed) {
  std::string allow;
  for (const std::string& method : allowed) {
    if (!allow.empty()) allow += ", ";
    allow += method;
  }
  Response response = Render({405, "METHOD_NOT_ALLOWED", "Method not allowed"},
                             "This path accepts: " + allow + ".", {});
  response.headers.Set("Allow", allow);
  return response;
}

Response HeadersTooLargeProblem(std::size_t limit) {
  return Render({431, "HEADERS_TOO_LARGE", "Request headers too large"},
                "The request line and headers exceed " + std::to_string(limit) +
                    " bytes.",
                {});
}

Response BodyTooLargeProblem(std::size_t limit) {
  return Render(KindOf(ErrorCode::kTooLarge),
                "The request body exceeds " + std::to_string(limit) + " bytes.",
                {});
}

}  // namespace keytrail::http
