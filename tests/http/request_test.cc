#include "http/request.h"

#include <boost/test/unit_test.hpp>
#include <boost/url/parse.hpp>
#include <string>

namespace keytrail::http {
namespace {

BOOST_AUTO_TEST_SUITE(RequestTest)

BOOST_AUTO_TEST_CASE(PlainPathsAreTheirOwnDecodedPath) {
  for (std::string target :
       {"/", "/v1/verify", "/v1/tokens:lookup", "/console/", "/a/./b/../c",
        "//x", "/v1/accounts/a-b_c.d~e/tokens/tok_1:disable",
        "/!$&'()*+,;=:@"}) {
    BOOST_TEST_CONTEXT(target) {
      BOOST_TEST(IsPlainPath(target));
      auto url = boost::urls::parse_origin_form(target);
      BOOST_REQUIRE(url.has_value());
      BOOST_TEST(url->path() == target);
      BOOST_TEST(url->params().empty());
      Result<Request> request = MakeRequest("GET", target);
      BOOST_REQUIRE(request.ok());
      BOOST_TEST(request->path == target);
      BOOST_TEST(request->target == target);
      BOOST_TEST(request->query.empty());
    }
  }
}

BOOST_AUTO_TEST_CASE(TargetsToDecodeOrWithAQueryAreNotPlain) {
  for (std::string_view target :
       {"", "v1/verify", "/v1/accounts/a%20b", "/v1/tokens?q=x", "/a#b", "/a b",
        "http://example.com/", "/a\"b", "/a[b]", "/é"}) {
    BOOST_TEST_CONTEXT(target) { BOOST_TEST(!IsPlainPath(target)); }
  }
  Result<Request> request = MakeRequest("GET", "/v1/accounts/a%20b?q=x%2By");
  BOOST_REQUIRE(request.ok());
  BOOST_TEST(request->path == "/v1/accounts/a b");
  BOOST_TEST(request->Query("q").value_or("") == "x+y");
  BOOST_TEST(!MakeRequest("GET", "/v1/accounts/%zz").ok());
  BOOST_TEST(!MakeRequest("GET", "/v1/tokens?q=1&q=2").ok());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail::http
