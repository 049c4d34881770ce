// Request: one HTTP request as handlers see it, independent of Beast.
//
// The session fills it from the wire; tests may build one with MakeRequest().
// Path and query are percent-decoded; `path_params` is filled by the Router
// once a route matched. Intentionally copyable.
#ifndef KEYTRAIL_HTTP_REQUEST_H_
#define KEYTRAIL_HTTP_REQUEST_H_

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"
#include "http/headers.h"

namespace keytrail::http {

// Decoded name → decoded value.
using ParamMap = std::map<std::string, std::string, std::less<>>;

struct Request {
  std::string method;      // "GET", "POST", ... as sent (case-sensitive)
  std::string target;      // raw request-target: "/v1/tokens?q=a%20b"
  std::string path;        // decoded path: "/v1/tokens"
  ParamMap path_params;    // {"account": "acme"} for "/v1/accounts/{account}"
  ParamMap query;          // {"q": "a b"}
  Headers headers;         // case-insensitive lookup
  std::string body;        // at most ServerOptions::body_limit bytes
  std::string peer_ip;     // "127.0.0.1"; empty when unknown
  std::string request_id;  // also sent back as X-Request-Id
  // True when the handler runs on the worker pool, where it may block (a
  // blocking route, or an inline one that answered Response::RunOnWorker()).
  bool on_worker = false;

  // Returns the path parameter `name`, or "" when the route has none.
  std::string_view Param(std::string_view name) const;
  // Returns the decoded query parameter `name`, or nullopt when absent.
  std::optional<std::string_view> Query(std::string_view name) const;
  // Returns the first header `name` (any case), or nullopt when absent.
  std::optional<std::string_view> Header(std::string_view name) const {
    return headers.Get(name);
  }
};

// Returns a Request for `method` and the origin-form `target` (a path with
// an optional query), with `path` and `query` decoded. Fails with kInvalid
// when the target is not origin-form, when it holds an invalid percent
// escape, or when a query parameter is given twice.
Result<Request> MakeRequest(std::string method, std::string target);

// True when `target` is its own decoded path: '/' followed only by the
// characters a path segment may hold unescaped (RFC 3986 pchar without
// '%') and '/', so no query and nothing to decode. Most requests' targets
// are; MakeRequest() and Router::Find() then skip the URL parser.
bool IsPlainPath(std::string_view target);

// Returns a fresh request id: 16 lowercase hex digits from a per-thread
// random generator. Thread-safe.
std::string NewRequestId();

}  // namespace keytrail::http

#endif  // KEYTRAIL_HTTP_REQUEST_H_
