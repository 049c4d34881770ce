// Router: the table of routes, (method, path pattern) → handler.
//
// A pattern is a path of '/'-separated segments, each one of:
//   literal          "tokens", "tokens:lookup"   matches itself exactly
//   {param}          "{id}"                      any non-empty segment
//                                                 without ':'
//   {param}suffix    "{id}:disable"              a segment ending in the
//                                                 suffix, whose prefix is
//                                                 non-empty and has no ':'
// so "/tokens/{id}" and "/tokens/{id}:disable" never match the same path.
// A pattern may end with '/' ("/console/"): it matches that path only.
// Path segments are percent-decoded one by one before matching, so "%2F"
// stays inside its segment. When several patterns match a path, the most
// specific wins: at the first segment where they differ, a literal beats
// {param}suffix, which beats {param}.
//
// A request for an unknown path answers 404; a known path with another
// method answers 405 with an Allow header. HEAD falls back to the GET route
// of the same path (the session drops the body).
//
// Thread safety: Add() before the server starts; after that the router is
// read-only and Find() may be called from any thread.
#ifndef KEYTRAIL_HTTP_ROUTER_H_
#define KEYTRAIL_HTTP_ROUTER_H_

#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/result.h"
#include "base/string_hash.h"
#include "http/request.h"
#include "http/response.h"

namespace keytrail::http {

// A handler turns a Request into a Response. It must not throw across the
// router (an exception is answered as a 500 and logged), and it must be
// safe to call from several threads at once.
using Handler = std::function<Response(const Request&)>;

struct Route {
  std::string method;   // "GET", "POST", "PUT", "PATCH", "DELETE"
  std::string pattern;  // "/v1/accounts/{account}/tokens/{id}:disable"
  std::string name;     // stable id for logs, metrics, OpenAPI operationId
  Handler handler;
  // True when the handler may wait (disk sync, lock): it then runs on the
  // worker pool instead of an I/O thread.
  bool blocking = false;
};

// What the router knows about a route, without its handler.
struct RouteInfo {
  std::string method;
  std::string pattern;
  std::string name;
  bool blocking = false;
};

// The result of Router::Find().
struct RouteMatch {
  enum class Kind { kFound, kNotFound, kMethodNotAllowed };
  Kind kind = Kind::kNotFound;
  const Route* route = nullptr;      // kFound only; owned by the router
  ParamMap params;                   // kFound only: decoded path parameters
  std::vector<std::string> allowed;  // kMethodNotAllowed: sorted methods
};

class Router {
 public:
  Router();
  ~Router();
  Router(const Router&) = delete;
  Router& operator=(const Router&) = delete;

  // Adds `route`. Fails with kInvalid when the pattern is malformed (not
  // starting with '/', an empty segment, a bad or repeated {param}) or the
  // method, name or handler is empty; with kConflict when an equivalent
  // pattern (same shape, whatever the parameter names) is already routed
  // for the same method.
  [[nodiscard]] Status Add(Route route);

  // Looks up `method` and the origin-form `target` (query ignored).
  RouteMatch Find(std::string_view method, std::string_view target) const;

  // Returns every route in the order added, for /v1/openapi.json checks.
  std::vector<RouteInfo> Routes() const;

 private:
  struct Entry;
  // The entry for `method` among those whose pattern is all literal and
  // equal to `target`, or nullptr.
  const Entry* FindLiteral(std::string_view method,
                           std::string_view target) const;

  std::vector<Entry> entries_;
  // Plain patterns (IsPlainPath) without a {param} -> their entries'
  // indexes in entries_: a target equal to one is found without matching
  // every entry; a literal route is the most specific for its method.
  std::unordered_map<std::string, std::vector<size_t>, StringHash,
                     std::equal_to<>>
      literal_;
};

}  // namespace keytrail::http

#endif  // KEYTRAIL_HTTP_ROUTER_H_
