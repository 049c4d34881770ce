// The OpenAPI document (routes/openapi.h) held against the routes the
// real server registers, in both directions, and served over HTTP.
//
// Checks render what is wrong as one string ("missing: GET /v1/x (x.y)")
// and compare it once, so that a failure lists every difference.
#include "routes/openapi.h"

#include <algorithm>
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "http/problem.h"
#include "tests/support/test_server.h"

namespace keytrail::test {
namespace {

namespace json = boost::json;

// The methods an OpenAPI path item may hold.
const std::set<std::string> kOperationKeys = {
    "get", "put", "post", "delete", "options", "head", "patch", "trace"};

json::value Document() { return json::parse(http::OpenApiDocument()); }

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return text;
}

std::string Upper(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return std::toupper(c); });
  return text;
}

// The value a local "$ref" ("#/components/...") names, or nullptr.
const json::value* Resolve(const json::value& document, std::string_view ref) {
  if (!ref.starts_with("#/")) return nullptr;
  boost::system::error_code ec;
  return document.find_pointer(ref.substr(1), ec);
}

// `value`, or what its "$ref" names.
const json::value& Deref(const json::value& document,
                         const json::value& value) {
  if (const json::object* object = value.if_object()) {
    if (const json::value* ref = object->if_contains("$ref")) {
      if (const json::value* target = Resolve(document, ref->as_string())) {
        return *target;
      }
    }
  }
  return value;
}

// Calls `fn(path, method, operation)` for every operation of the document.
void ForEachOperation(
    const json::value& document,
    const std::function<void(const std::string&, const std::string&,
                             const json::object&)>& fn) {
  for (const auto& [path, item] : document.at("paths").as_object()) {
    for (const auto& [key, operation] : item.as_object()) {
      if (kOperationKeys.contains(std::string(key))) {
        fn(std::string(path), std::string(key), operation.as_object());
      }
    }
  }
}

// The routes of a server set up as KeytrailServer sets itself up.
std::vector<http::RouteInfo> ServerRoutes(TestServer& server) {
  return std::as_const(server.server().http_server()).router().Routes();
}

BOOST_AUTO_TEST_SUITE(OpenApi)

BOOST_AUTO_TEST_CASE(DocumentIsOpenApi31WithUniqueOperationIds) {
  json::value document = Document();
  BOOST_TEST(
      std::string(document.at("openapi").as_string()).starts_with("3.1"));
  BOOST_TEST(document.at("info").at("title").as_string() == "keytrail");
  std::string problems;
  std::set<std::string> ids;
  ForEachOperation(document, [&](const std::string& path,
                                 const std::string& method,
                                 const json::object& operation) {
    const json::value* id = operation.if_contains("operationId");
    if (id == nullptr || !id->is_string()) {
      problems +=
          std::string("no operationId: ") + Upper(method) + " " + path + "\n";
    } else if (!ids.insert(std::string(id->as_string())).second) {
      problems += std::string("repeated operationId: ") +
                  id->as_string().c_str() + "\n";
    }
  });
  BOOST_TEST(problems == "");
}

// Boost.JSON keeps one of two equal keys, so a path described twice would
// go unnoticed in the parsed document; the text shows both.
BOOST_AUTO_TEST_CASE(EachPathIsDescribedOnce) {
  const std::string_view text = http::OpenApiDocument();
  std::string problems;
  const json::value document = Document();
  for (const auto& [path, item] : document.at("paths").as_object()) {
    std::string key = "\"";
    key.append(path.data(), path.size()).append("\": {");
    size_t count = 0;
    for (size_t at = text.find(key); at != std::string_view::npos;
         at = text.find(key, at + 1)) {
      ++count;
    }
    if (count != 1) problems += std::string(path) + "\n";
  }
  BOOST_TEST(problems == "");
}

BOOST_AUTO_TEST_CASE(EveryReferenceResolves) {
  json::value document = Document();
  std::string problems;
  std::function<void(const json::value&)> walk = [&](const json::value& v) {
    if (const json::object* object = v.if_object()) {
      for (const auto& [key, child] : *object) {
        if (key == "$ref" && child.is_string() &&
            Resolve(document, child.as_string()) == nullptr) {
          problems.append("unresolved ").append(child.as_string()).append("\n");
        }
        walk(child);
      }
    } else if (const json::array* array = v.if_array()) {
      for (const json::value& child : *array) walk(child);
    }
  };
  walk(document);
  BOOST_TEST(problems == "");
}

BOOST_AUTO_TEST_CASE(PathParametersMatchTheTemplates) {
  json::value document = Document();
  std::string problems;
  ForEachOperation(document, [&](const std::string& path,
                                 const std::string& method,
                                 const json::object& operation) {
    std::set<std::string> templated;
    for (size_t open = path.find('{'); open != std::string::npos;
         open = path.find('{', open + 1)) {
      templated.insert(path.substr(open + 1, path.find('}', open) - open - 1));
    }
    std::set<std::string> declared;
    auto collect = [&](const json::value* parameters) {
      if (parameters == nullptr) return;
      for (const json::value& p : parameters->as_array()) {
        const json::value& parameter = Deref(document, p);
        if (parameter.at("in").as_string() == "path") {
          declared.insert(std::string(parameter.at("name").as_string()));
        }
      }
    };
    collect(
        document.at("paths").at(path).as_object().if_contains("parameters"));
    collect(operation.if_contains("parameters"));
    if (declared != templated) {
      problems += Upper(method) + " " + path + "\n";
    }
  });
  BOOST_TEST(problems == "");
}

// Every 4xx an operation documents is a problem+json response, and every
// operation documents a success.
BOOST_AUTO_TEST_CASE(EveryOperationHasASuccessAndProblemErrors) {
  json::value document = Document();
  std::string problems;
  ForEachOperation(document, [&](const std::string& path,
                                 const std::string& method,
                                 const json::object& operation) {
    const std::string where = Upper(method) + " " + path;
    bool success = false;
    for (const auto& [status, r] : operation.at("responses").as_object()) {
      // A redirect is the success of a route that only redirects (/console).
      if (status.starts_with("2") || status.starts_with("3")) success = true;
      if (!status.starts_with("4")) continue;
      const json::value& response = Deref(document, r);
      const json::object* content = response.as_object().if_contains("content")
                                        ? response.at("content").if_object()
                                        : nullptr;
      if (content == nullptr || !content->contains(http::kProblemContentType)) {
        problems += where + " " + std::string(status) + " is no problem\n";
      }
    }
    if (!success) problems += where + " has no 2xx\n";
  });
  BOOST_TEST(problems == "");
}

// The document's Problem.code enum names every code the server can answer.
BOOST_AUTO_TEST_CASE(ProblemCodeEnumHasEveryCodeTheServerAnswers) {
  json::value document = Document();
  std::set<std::string> documented;
  for (const json::value& code :
       document.at_pointer("/components/schemas/Problem/properties/code/enum")
           .as_array()) {
    documented.insert(std::string(code.as_string()));
  }
  std::vector<http::Response> answers = {
      http::RouteNotFoundProblem(), http::MethodNotAllowedProblem({"GET"}),
      http::HeadersTooLargeProblem(8192), http::BodyTooLargeProblem(65536)};
  // kInternal is the last ErrorCode (base/result.h). The 500s all answer
  // INTERNAL, checked below, and are not rendered here because
  // ProblemResponse logs them as server faults.
  for (int i = 0; i <= static_cast<int>(ErrorCode::kInternal); ++i) {
    const ErrorCode code = static_cast<ErrorCode>(i);
    if (http::HttpStatus(code) == 500) continue;
    answers.push_back(http::ProblemResponse(Error::Make(code, "detail")));
  }
  std::string missing;
  for (const http::Response& answer : answers) {
    std::string code(json::parse(answer.body).at("code").as_string());
    if (!documented.contains(code)) missing += code + " ";
  }
  BOOST_TEST(missing == "");
  BOOST_TEST(documented.contains("INTERNAL"));
}

// The text of every source file of the server's layers but the mapping of
// codes itself (base/result.*, http/problem.cc).
std::string ServerSources() {
  std::string text;
  for (const char* folder : {"base", "domain", "eventstore", "projections",
                             "app", "audit", "http", "routes"}) {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(
             std::filesystem::path(KEYTRAIL_SOURCE_DIR) / folder)) {
      const std::string name = entry.path().filename().string();
      if (!entry.is_regular_file() || name.starts_with("result.") ||
          name == "problem.cc" ||
          !(name.ends_with(".cc") || name.ends_with(".h"))) {
        continue;
      }
      std::ifstream in(entry.path());
      text.append(std::istreambuf_iterator<char>(in), {});
    }
  }
  return text;
}

// "TOKEN_LIMIT" -> "ErrorCode::kTokenLimit".
std::string EnumeratorOf(const std::string& code) {
  std::string name = "ErrorCode::k";
  bool upper = true;
  for (char c : code) {
    if (c == '_') {
      upper = true;
    } else {
      name += upper ? c : static_cast<char>(std::tolower(c));
      upper = false;
    }
  }
  return name;
}

// The reverse of the case above: every code the document promises is one
// that some code path of the server raises (outside the mapping), so the
// document names no code a client can never see.
BOOST_AUTO_TEST_CASE(EveryDocumentedProblemCodeIsProducedSomewhere) {
  const std::string sources = ServerSources();
  BOOST_REQUIRE(sources.size() > 100'000);
  // Codes the transport answers through problem.h's own helpers, and the
  // other spellings of a code.
  const std::map<std::string, std::vector<std::string>> kAlso = {
      {"INVALID", {"Error::Invalid("}},
      {"NOT_FOUND", {"RouteNotFoundProblem("}},
      {"METHOD_NOT_ALLOWED", {"MethodNotAllowedProblem("}},
      {"HEADERS_TOO_LARGE", {"HeadersTooLargeProblem("}},
      {"TOO_LARGE", {"BodyTooLargeProblem("}},
      {"INTERNAL", {"ErrorCode::kIoError"}},
      {"STORE_CORRUPTED", {"ErrorCode::kCorruption"}},
  };
  const json::value document = Document();
  std::string never;
  for (const json::value& code :
       document.at_pointer("/components/schemas/Problem/properties/code/enum")
           .as_array()) {
    const std::string name(code.as_string());
    std::vector<std::string> producers = {EnumeratorOf(name)};
    if (auto also = kAlso.find(name); also != kAlso.end()) {
      producers.insert(producers.end(), also->second.begin(),
                       also->second.end());
    }
    bool produced = false;
    for (const std::string& producer : producers) {
      produced = produced || sources.find(producer) != std::string::npos;
    }
    if (!produced) never += name + " ";
  }
  BOOST_TEST(never == "");
}

BOOST_FIXTURE_TEST_CASE(EveryRouteOfTheServerIsDocumentedUnderItsName,
                        TestServer) {
  json::value document = Document();
  const json::object& paths = document.at("paths").as_object();
  std::string problems;
  for (const http::RouteInfo& route : ServerRoutes(*this)) {
    const std::string where =
        route.method + " " + route.pattern + " (" + route.name + ")";
    const json::value* item = paths.if_contains(route.pattern);
    const json::value* operation =
        item ? item->as_object().if_contains(Lower(route.method)) : nullptr;
    if (operation == nullptr) {
      problems += "undocumented: " + where + "\n";
    } else if (const json::value* id =
                   operation->as_object().if_contains("operationId");
               id == nullptr || !id->is_string() ||
               id->as_string() != route.name) {
      problems += "operationId differs: " + where + "\n";
    }
  }
  BOOST_TEST(problems == "");
}

BOOST_FIXTURE_TEST_CASE(EveryDocumentedOperationIsRouted, TestServer) {
  std::set<std::string> routed;
  for (const http::RouteInfo& route : ServerRoutes(*this)) {
    routed.insert(route.method + " " + route.pattern);
  }
  std::string problems;
  ForEachOperation(Document(),
                   [&](const std::string& path, const std::string& method,
                       const json::object&) {
                     const std::string key = Upper(method) + " " + path;
                     if (!routed.contains(key)) {
                       problems += "not routed: " + key + "\n";
                     }
                   });
  BOOST_TEST(problems == "");
}

BOOST_FIXTURE_TEST_CASE(ServesTheDocumentWithoutAuthentication, TestServer) {
  ClientResponse response = Client().Get("/v1/openapi.json");
  BOOST_TEST(response.status == 200);
  BOOST_TEST(response.Header("Content-Type").value_or("") ==
             "application/json");
  BOOST_TEST(response.body == http::OpenApiDocument());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail::test
