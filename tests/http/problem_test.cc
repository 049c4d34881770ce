#include "http/problem.h"

#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>
#include <string>

namespace keytrail::http {
namespace {

BOOST_AUTO_TEST_SUITE(ProblemTest)

BOOST_AUTO_TEST_CASE(EveryErrorCodeMapsToItsApiStatus) {
  std::string rendered;
  for (ErrorCode code : {ErrorCode::kInvalid,
                         ErrorCode::kUnauthenticated,
                         ErrorCode::kForbidden,
                         ErrorCode::kLicenseRequired,
                         ErrorCode::kPlanDisabled,
                         ErrorCode::kForbiddenIp,
                         ErrorCode::kNotFound,
                         ErrorCode::kConflict,
                         ErrorCode::kTokenLimit,
                         ErrorCode::kGroupInUse,
                         ErrorCode::kNotRevealable,
                         ErrorCode::kExpiryPolicy,
                         ErrorCode::kVersionMismatch,
                         ErrorCode::kRateLimited,
                         ErrorCode::kUsageExceeded,
                         ErrorCode::kTooLarge,
                         ErrorCode::kUnsupportedMediaType,
                         ErrorCode::kUnavailable,
                         ErrorCode::kCorruption,
                         ErrorCode::kIoError,
                         ErrorCode::kInternal}) {
    Response response = ProblemResponse(Error::Make(code, "detail"));
    auto json = boost::json::parse(response.body).as_object();
    rendered += std::to_string(HttpStatus(code)) + " " +
                std::string(json.at("code").as_string()) + "\n";
    BOOST_TEST(json.at("status").as_int64() == response.status);
  }
  BOOST_TEST(rendered ==
             "400 INVALID\n401 UNAUTHENTICATED\n403 FORBIDDEN\n"
             "403 LICENSE_REQUIRED\n403 PLAN_DISABLED\n403 FORBIDDEN_IP\n"
             "404 NOT_FOUND\n"
             "409 CONFLICT\n409 TOKEN_LIMIT\n409 GROUP_IN_USE\n"
             "409 NOT_REVEALABLE\n422 EXPIRY_POLICY\n412 VERSION_MISMATCH\n"
             "429 RATE_LIMITED\n429 USAGE_EXCEEDED\n413 TOO_LARGE\n"
             "415 UNSUPPORTED_MEDIA_TYPE\n503 UNAVAILABLE\n"
             "500 STORE_CORRUPTED\n500 INTERNAL\n500 INTERNAL\n");
}

BOOST_AUTO_TEST_CASE(ProblemHasTheRfc9457MembersAndFieldErrors) {
  Error error = Error::Invalid("name", "is required");
  error.message = "name is required.";
  Response response = ProblemResponse(error);
  BOOST_TEST(response.status == 400);
  BOOST_TEST(response.content_type == "application/problem+json");
  BOOST_TEST(response.body ==
             R"({"type":"urn:keytrail:problem:invalid",)"
             R"("title":"Invalid request","status":400,)"
             R"("detail":"name is required.","code":"INVALID",)"
             R"("errors":[{"field":"name","message":"is required"}]})");
}

BOOST_AUTO_TEST_CASE(InternalErrorsNeverShowTheirMessage) {
  Response response = ProblemResponse(
      Error::Make(ErrorCode::kIoError, "cannot read /data/000042.sst"));
  BOOST_TEST(response.status == 500);
  BOOST_TEST(response.body.find("000042") == std::string::npos);
  BOOST_TEST(response.body.find("\"code\":\"INTERNAL\"") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(CorruptionSaysWhatToDoButNotWhichFile) {
  Response response = ProblemResponse(
      Error::Make(ErrorCode::kCorruption, "bad block in /data/000042.sst"));
  BOOST_TEST(response.status == 500);
  BOOST_TEST(response.body.find("000042") == std::string::npos);
  BOOST_TEST(response.body.find("\"code\":\"STORE_CORRUPTED\"") !=
             std::string::npos);
  BOOST_TEST(response.body.find("backup") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(MethodNotAllowedCarriesAllow) {
  Response response = MethodNotAllowedProblem({"GET", "HEAD"});
  BOOST_TEST(response.status == 405);
  BOOST_TEST(response.headers.Get("allow").value() == "GET, HEAD");
  BOOST_TEST(response.body.find("METHOD_NOT_ALLOWED") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail::http
