// Problem responses: the one place that maps keytrail::ErrorCode to an HTTP
// status and renders RFC 9457 application/problem+json:
//
//   {"type": "urn:keytrail:problem:token-limit", "title": "Token limit
//    reached", "status": 409, "detail": "...", "code": "TOKEN_LIMIT",
//    "errors": [{"field": "name", "message": "is required"}]}
//
// "errors" appears only when the Error has field errors. Storage and
// internal failures (kCorruption, kIoError, kInternal) answer 500 with code
// INTERNAL and a generic detail; their message is logged, never sent.
// docs/errors.md lists every code. Thread-safe (pure functions).
#ifndef KEYTRAIL_HTTP_PROBLEM_H_
#define KEYTRAIL_HTTP_PROBLEM_H_

#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "http/response.h"

namespace keytrail::http {

inline constexpr std::string_view kProblemContentType =
    "application/problem+json";

// Returns the HTTP status for `code`, e.g. 409 for kTokenLimit.
int HttpStatus(ErrorCode code);

// Returns the problem+json response for `error`.
Response ProblemResponse(const Error& error);

// Problems raised by the HTTP layer itself, with no ErrorCode of their own.
// 404 NOT_FOUND for a path no route knows.
Response RouteNotFoundProblem();
// 405 METHOD_NOT_ALLOWED with "Allow: GET, HEAD" from `allowed`.
Response MethodNotAllowedProblem(const std::vector<std::string>& allowed);
// 431 HEADERS_TOO_LARGE when the request line and headers exceed the limit.
Response HeadersTooLargeProblem(std::size_t limit);
// 413 TOO_LARGE when the body exceeds the limit.
Response BodyTooLargeProblem(std::size_t limit);

}  // namespace keytrail::http

#endif  // KEYTRAIL_HTTP_PROBLEM_H_
