#include "base/result.h"

namespace keytrail {

std::string_view ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalid:
      return "INVALID";
    case ErrorCode::kUnauthenticated:
      return "UNAUTHENTICATED";
    case ErrorCode::kForbidden:
      return "FORBIDDEN";
    case ErrorCode::kLicenseRequired:
      return "LICENSE_REQUIRED";
    case ErrorCode::kPlanDisabled:
      return "PLAN_DISABLED";
    case ErrorCode::kForbiddenIp:
      return "FORBIDDEN_IP";
    case ErrorCode::kNotFound:
      return "NOT_FOUND";
    case ErrorCode::kConflict:
      return "CONFLICT";
    case ErrorCode::kTokenLimit:
      return "TOKEN_LIMIT";
    case ErrorCode::kExpiryPolicy:
      return "EXPIRY_POLICY";
    case ErrorCode::kGroupInUse:
      return "GROUP_IN_USE";
    case ErrorCode::kNotRevealable:
      return "NOT_REVEALABLE";
    case ErrorCode::kVersionMismatch:
      return "VERSION_MISMATCH";
    case ErrorCode::kRateLimited:
      return "RATE_LIMITED";
    case ErrorCode::kUsageExceeded:
      return "USAGE_EXCEEDED";
    case ErrorCode::kTooLarge:
      return "TOO_LARGE";
    case ErrorCode::kUnsupportedMediaType:
      return "UNSUPPORTED_MEDIA_TYPE";
    case ErrorCode::kUnavailable:
      return "UNAVAILABLE";
    case ErrorCode::kCorruption:
      return "CORRUPTION";
    case ErrorCode::kIoError:
      return "IO_ERROR";
    case ErrorCode::kInternal:
      return "INTERNAL";
  }
  return "INTERNAL";
}

Error Error::Invalid(std::string field, std::string message) {
  Error error = Make(ErrorCode::kInvalid, "the request is not valid");
  error.fields.push_back({std::move(field), std::move(message)});
  return error;
}

}  // namespace keytrail
