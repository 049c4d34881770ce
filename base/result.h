// Result<T>: a value or a typed Error, returned across every module boundary
// (domain, eventstore, projections). No exception crosses a module boundary.
//
// ErrorCode names the product's error codes (docs/api.md §6); http/ maps each
// code to an HTTP status and a problem+json `code` in exactly one place.
//
// Thread safety: plain values, intentionally copyable.
#ifndef KEYTRAIL_BASE_RESULT_H_
#define KEYTRAIL_BASE_RESULT_H_

#include <cassert>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace keytrail {

enum class ErrorCode {
  kInvalid,               // 400 INVALID
  kUnauthenticated,       // 401 UNAUTHENTICATED
  kForbidden,             // 403 FORBIDDEN
  kLicenseRequired,       // 403 LICENSE_REQUIRED
  kPlanDisabled,          // 403 PLAN_DISABLED (plan without api_access)
  kForbiddenIp,           // 403 FORBIDDEN_IP (client IP outside the binding)
  kNotFound,              // 404 NOT_FOUND
  kConflict,              // 409 CONFLICT (also: wrong expected version)
  kTokenLimit,            // 409 TOKEN_LIMIT
  kGroupInUse,            // 409 GROUP_IN_USE
  kNotRevealable,         // 409 NOT_REVEALABLE
  kExpiryPolicy,          // 422 EXPIRY_POLICY (account's max token lifetime)
  kVersionMismatch,       // 412 VERSION_MISMATCH
  kRateLimited,           // 429 RATE_LIMITED (a rate limit's bucket is empty)
  kUsageExceeded,         // 429 USAGE_EXCEEDED (the token's credits are spent)
  kTooLarge,              // 413 TOO_LARGE
  kUnsupportedMediaType,  // 415 UNSUPPORTED_MEDIA_TYPE
  kUnavailable,           // 503 UNAVAILABLE
  kCorruption,            // 500 (storage): data on disk is not what we wrote
  kIoError,               // 500 (storage): the disk or RocksDB failed
  kInternal,              // 500 INTERNAL
};

// Returns the problem+json code for `code`, e.g. "TOKEN_LIMIT".
std::string_view ErrorCodeName(ErrorCode code);

// One invalid field of a request body: {"field": "name", "message": "..."}.
struct FieldError {
  std::string field;
  std::string message;
};

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;             // human readable; never holds a secret
  std::vector<FieldError> fields;  // validation details (kInvalid only)
  std::optional<uint64_t> actual_version;  // kConflict from the event store

  static Error Invalid(std::string field, std::string message);
  static Error Make(ErrorCode code, std::string message) {
    return Error{code, std::move(message), {}, std::nullopt};
  }
};

// Result<T>: holds a T or an Error. Check ok() before value().
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Error error) : state_(std::move(error)) {}  // NOLINT

  bool ok() const { return state_.index() == 0; }
  const T& value() const& {
    assert(ok());
    return std::get<0>(state_);
  }
  T& value() & {
    assert(ok());
    return std::get<0>(state_);
  }
  T&& value() && {
    assert(ok());
    return std::get<0>(std::move(state_));
  }
  const Error& error() const {
    assert(!ok());
    return std::get<1>(state_);
  }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }

 private:
  std::variant<T, Error> state_;
};

// Status: a Result with no value.
struct Ok {};
using Status = Result<Ok>;
inline Status OkStatus() { return Ok{}; }

// The outcome of `result` without its value.
template <typename T>
Status StatusOf(const Result<T>& result) {
  if (!result.ok()) return result.error();
  return OkStatus();
}

}  // namespace keytrail

#endif  // KEYTRAIL_BASE_RESULT_H_
