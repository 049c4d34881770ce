// JsonBody: the one strict reader of JSON request bodies, and JsonResponse:
// the one writer of JSON response bodies. Every handler uses these.
//
// Typical use in a handler:
//   auto body = JsonBody::Parse(request);
//   if (!body.ok()) return ProblemResponse(body.error());
//   std::string name = body->RequireString("name");
//   Nullable<std::string> expires_at = body->NullableString("expires_at");
//   if (Status done = body->Finish(); !done.ok()) {
//     return ProblemResponse(done.error());
//   }
//   // ... only now use name and expires_at.
//
// Each getter marks its field as known and records a field error when the
// value has the wrong type; Finish() then fails with kInvalid listing every
// type error, missing required field and unknown field in Error::fields.
// Values returned by getters are meaningless when Finish() fails.
//
// Strictness: the body must be one JSON object in valid UTF-8 with nothing
// after it; integers must be JSON integers that fit in int64 (1.0, 1e3 and
// 2^63 are rejected); null is accepted only by the Nullable getters;
// strings must not contain U+0000. An empty body reads as {}.
//
// Not thread-safe; one JsonBody per request.
#ifndef KEYTRAIL_HTTP_JSON_BODY_H_
#define KEYTRAIL_HTTP_JSON_BODY_H_

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "http/request.h"
#include "http/response.h"

namespace keytrail::http {

// A field of a PATCH-like body that is absent, explicitly null, or set.
template <typename T>
struct Nullable {
  bool present = false;    // the key appears in the body
  std::optional<T> value;  // nullopt while present: an explicit null

  bool is_null() const { return present && !value.has_value(); }
};

// A JSON object as RFC 8785 canonical JSON text (base/canonical_json.h).
struct CanonicalObject {
  std::string text;
};

class JsonBody {
 public:
  // Parses the body of `request`. Fails with kUnsupportedMediaType when a
  // non-empty body has a Content-Type other than application/json or
  // application/<anything>+json (a missing Content-Type is accepted), and
  // with kInvalid when the body is not one JSON object.
  static Result<JsonBody> Parse(const Request& request);
  // Parses `text` (no Content-Type check).
  static Result<JsonBody> Parse(std::string_view text);

  std::string RequireString(std::string_view name);
  std::optional<std::string> OptionalString(std::string_view name);
  Nullable<std::string> NullableString(std::string_view name);

  int64_t RequireInt(std::string_view name);
  std::optional<int64_t> OptionalInt(std::string_view name);
  Nullable<int64_t> NullableInt(std::string_view name);

  bool RequireBool(std::string_view name);
  std::optional<bool> OptionalBool(std::string_view name);

  std::vector<std::string> RequireStringArray(std::string_view name);
  std::optional<std::vector<std::string>> OptionalStringArray(
      std::string_view name);

  // A JSON object in canonical form. Its numbers must be integers that fit
  // in int64 (canonical JSON here holds no fractions); anything else is a
  // field error.
  Nullable<CanonicalObject> NullableObject(std::string_view name);

  // Returns true when `name` is in the body (even as null); does not mark
  // it as known.
  bool Has(std::string_view name) const { return object_.contains(name); }

  // Records an error on `field`, e.g. a domain rule checked by the handler
  // before Finish(), so that all errors are answered together.
  void AddError(std::string field, std::string message);

  // Returns OK, or kInvalid with one FieldError per problem: type errors
  // and missing required fields in the order read, then unknown fields in
  // the order of the body.
  [[nodiscard]] Status Finish() const;

 private:
  explicit JsonBody(boost::json::object object) : object_(std::move(object)) {}

  // Returns the value of `name` (nullptr when absent) and marks it known.
  const boost::json::value* Take(std::string_view name);
  template <typename T>
  std::optional<T> Read(std::string_view name, bool required);
  template <typename T>
  Nullable<T> ReadNullable(std::string_view name);

  boost::json::object object_;
  std::set<std::string, std::less<>> known_;
  std::vector<FieldError> errors_;
};

// Returns a response with `status` and `value` serialized as
// application/json.
Response JsonResponse(int status, const boost::json::value& value);

}  // namespace keytrail::http

#endif  // KEYTRAIL_HTTP_JSON_BODY_H_
