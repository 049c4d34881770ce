#include "http/json_body.h"

#include <boost/test/unit_test.hpp>
#include <string>

namespace keytrail::http {
namespace {

// Renders a status as "OK" or "CODE field: message; field: message".
std::string Render(const Status& status) {
  if (status.ok()) return "OK";
  std::string out(ErrorCodeName(status.error().code));
  for (const FieldError& field : status.error().fields) {
    out += " " + field.field + ": " + field.message + ";";
  }
  return out;
}

std::string ParseError(std::string_view text) {
  auto body = JsonBody::Parse(text);
  return body.ok() ? "parsed" : Render(body.error());
}

BOOST_AUTO_TEST_SUITE(JsonBodyTest)

BOOST_AUTO_TEST_CASE(ReadsEveryTypedField) {
  auto body = JsonBody::Parse(
      R"({"name":"ERP","limit":5,"api":true,"groups":["a","b"],)"
      R"("expires_at":null,"ttl":90})");
  BOOST_REQUIRE(body.ok());
  BOOST_TEST(body->RequireString("name") == "ERP");
  BOOST_TEST(body->OptionalInt("limit").value() == 5);
  BOOST_TEST(body->RequireBool("api"));
  BOOST_TEST(body->OptionalStringArray("groups").value() ==
                 std::vector<std::string>({"a", "b"}),
             boost::test_tools::per_element());
  Nullable<std::string> expires_at = body->NullableString("expires_at");
  BOOST_TEST(expires_at.is_null());
  Nullable<int64_t> ttl = body->NullableInt("ttl");
  BOOST_TEST((ttl.present && ttl.value == 90));
  Nullable<std::string> absent = body->NullableString("description");
  BOOST_TEST(!absent.present);
  BOOST_TEST(!body->OptionalString("missing").has_value());
  BOOST_TEST(Render(body->Finish()) == "OK");
}

BOOST_AUTO_TEST_CASE(EmptyBodyReadsAsEmptyObject) {
  auto body = JsonBody::Parse("");
  BOOST_REQUIRE(body.ok());
  BOOST_TEST(!body->OptionalInt("grace_seconds").has_value());
  BOOST_TEST(Render(body->Finish()) == "OK");
}

BOOST_AUTO_TEST_CASE(MalformedJsonIsInvalid) {
  BOOST_TEST(ParseError("{") ==
             "INVALID : is not valid JSON (incomplete JSON);");
  BOOST_TEST(ParseError(R"({"a":1,})").starts_with("INVALID : is not valid"));
  BOOST_TEST(ParseError(R"({"a":1} x)").starts_with("INVALID : is not valid"));
  BOOST_TEST(ParseError(R"({"a":1}{})").starts_with("INVALID : is not valid"));
  BOOST_TEST(ParseError("{'a':1}").starts_with("INVALID : is not valid"));
  BOOST_TEST(ParseError(R"({"a":1 /* c */})").starts_with("INVALID : is not"));
}

BOOST_AUTO_TEST_CASE(TopLevelMustBeAnObject) {
  BOOST_TEST(ParseError("[]") == "INVALID : must be a JSON object;");
  BOOST_TEST(ParseError("\"x\"") == "INVALID : must be a JSON object;");
  BOOST_TEST(ParseError("null") == "INVALID : must be a JSON object;");
}

BOOST_AUTO_TEST_CASE(InvalidUtf8IsRejected) {
  BOOST_TEST(ParseError("{\"name\":\"\xff\xfe\"}")
                 .starts_with("INVALID : is not valid JSON"));
  BOOST_TEST(ParseError("{\"name\":\"\xc3\"}")
                 .starts_with("INVALID : is not valid JSON"));
  BOOST_TEST(ParseError("{\"name\":\"caf\xc3\xa9\"}") == "parsed");
}

BOOST_AUTO_TEST_CASE(WrongTypesAreAllReportedTogether) {
  auto body = JsonBody::Parse(
      R"({"name":5,"limit":"5","api":"yes","groups":["a",2],"x":null})");
  BOOST_REQUIRE(body.ok());
  (void)body->RequireString("name");
  (void)body->OptionalInt("limit");
  (void)body->OptionalBool("api");
  (void)body->OptionalStringArray("groups");
  (void)body->OptionalString("x");
  BOOST_TEST(Render(body->Finish()) ==
             "INVALID name: must be a string; limit: must be an integer; "
             "api: must be a boolean; groups[1]: must be a string; "
             "x: must be a string;");
}

BOOST_AUTO_TEST_CASE(MissingRequiredFieldsAreReported) {
  auto body = JsonBody::Parse("{}");
  BOOST_REQUIRE(body.ok());
  (void)body->RequireString("name");
  (void)body->RequireStringArray("groups");
  BOOST_TEST(Render(body->Finish()) ==
             "INVALID name: is required; groups: is required;");
}

BOOST_AUTO_TEST_CASE(UnknownFieldsAreReportedInBodyOrder) {
  auto body = JsonBody::Parse(R"({"zeta":1,"name":"a","alpha":2})");
  BOOST_REQUIRE(body.ok());
  (void)body->RequireString("name");
  BOOST_TEST(Render(body->Finish()) ==
             "INVALID zeta: is not a known field; alpha: is not a known "
             "field;");
}

BOOST_AUTO_TEST_CASE(IntegersMustBeWholeAndFitInt64) {
  auto body =
      JsonBody::Parse(R"({"a":9223372036854775807,"b":-9223372036854775808,)"
                      R"("c":9223372036854775808,"e":123456789012345678901234,)"
                      R"("f":1.0,"g":1e3,"h":0.5})");
  BOOST_REQUIRE(body.ok());
  BOOST_TEST(body->OptionalInt("a").value() == INT64_MAX);
  BOOST_TEST(body->OptionalInt("b").value() == INT64_MIN);
  for (const char* name : {"c", "e", "f", "g", "h"}) {
    BOOST_TEST(!body->OptionalInt(name).has_value());
  }
  BOOST_TEST(Render(body->Finish()) ==
             "INVALID c: must be an integer between -2^63 and 2^63-1; "
             "e: must be an integer between -2^63 and 2^63-1; "
             "f: must be an integer; g: must be an integer; "
             "h: must be an integer;");
}

BOOST_AUTO_TEST_CASE(HugeExponentsAreNotIntegers) {
  auto body = JsonBody::Parse(R"({"a":1e400,"b":-1e400})");
  BOOST_REQUIRE(body.ok());
  BOOST_TEST(!body->OptionalInt("a").has_value());
  BOOST_TEST(!body->OptionalInt("b").has_value());
  BOOST_TEST(Render(body->Finish()) ==
             "INVALID a: must be an integer between -2^63 and 2^63-1; "
             "b: must be an integer between -2^63 and 2^63-1;");
}

BOOST_AUTO_TEST_CASE(NulInsideStringsIsRejected) {
  auto body = JsonBody::Parse(R"({"name":"a\u0000b"})");
  BOOST_REQUIRE(body.ok());
  (void)body->RequireString("name");
  BOOST_TEST(Render(body->Finish()) ==
             "INVALID name: must not contain U+0000;");
}

BOOST_AUTO_TEST_CASE(AddErrorJoinsTheFieldErrors) {
  auto body = JsonBody::Parse(R"({"name":""})");
  BOOST_REQUIRE(body.ok());
  if (body->RequireString("name").empty()) {
    body->AddError("name", "must be 1 to 100 characters");
  }
  Status finished = body->Finish();
  BOOST_TEST(Render(finished) == "INVALID name: must be 1 to 100 characters;");
  BOOST_TEST(finished.error().message == "name must be 1 to 100 characters.");
}

BOOST_AUTO_TEST_CASE(NonJsonContentTypeIsUnsupported) {
  Request request;
  request.body = R"({"a":1})";
  auto parse_with = [&request](std::string content_type) {
    request.headers = Headers{{"Content-Type", std::move(content_type)}};
    auto body = JsonBody::Parse(request);
    return body.ok() ? std::string("parsed")
                     : std::string(ErrorCodeName(body.error().code));
  };
  BOOST_TEST(parse_with("application/json") == "parsed");
  BOOST_TEST(parse_with("Application/JSON; charset=utf-8") == "parsed");
  BOOST_TEST(parse_with("application/merge-patch+json") == "parsed");
  BOOST_TEST(parse_with("text/plain") == "UNSUPPORTED_MEDIA_TYPE");
  BOOST_TEST(parse_with("application/x-www-form-urlencoded") ==
             "UNSUPPORTED_MEDIA_TYPE");
  request.headers = Headers{};
  BOOST_TEST(JsonBody::Parse(request).ok());
}

BOOST_AUTO_TEST_CASE(JsonResponseSerializesWithJsonContentType) {
  Response response = JsonResponse(201, {{"id", "tok_1"}, {"n", 2}});
  BOOST_TEST(response.status == 201);
  BOOST_TEST(response.content_type == "application/json");
  BOOST_TEST(response.body == R"({"id":"tok_1","n":2})");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail::http
