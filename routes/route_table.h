// The one table of keytrail's HTTP routes. Each row says, once: method,
// path pattern, name (the OpenAPI operationId, the log's and the metrics'
// label), who may call it (scope and permission), how its latency is counted
// (metrics class), whether it may block (worker pool) and its handler
// (handlers.h). routes/openapi.json documents every row; a test holds the
// two together both ways.
//
// Who may call a route is decided here, before the handler runs, by the one
// check Authorize() (handler_support.h):
//   kPublic    no credentials (health, readiness, metrics, the document,
//              the console's files);
//   kSubject   the hot path: the presented token is what is verified, not a
//              caller (POST /v1/verify, GET /v1/auth);
//   kOperator  the operator only;
//   kAccount   a principal holding `permission` in the {account} of the
//              path ("" = any principal of that account);
//   kHandler   a principal holding `permission` in the account the handler
//              finds (the audit log's ?account=, a looked-up token's own);
//              the handler calls Authorize() with the row's permission
//              (the console's sessions: the handler checks the pasted token
//              or the session cookie itself).
//
// Thread safety: the table is immutable; AddRouteTable() before the server
// starts.
#ifndef KEYTRAIL_ROUTES_ROUTE_TABLE_H_
#define KEYTRAIL_ROUTES_ROUTE_TABLE_H_

#include <functional>
#include <span>
#include <string_view>

#include "base/result.h"
#include "http/metrics.h"
#include "http/router.h"
#include "routes/api_context.h"
#include "routes/audit_routes.h"
#include "routes/handler_support.h"

namespace keytrail::http {

// What the handlers of the table reach; every member outlives the router.
struct RouteServices {
  ApiContext* api = nullptr;  // its `usage` and `console` must be set
  AuditContext* audit = nullptr;
  std::function<Status()> ready;  // GET /readyz: why it is not ready
  const Metrics* metrics = nullptr;
};

enum class Scope { kPublic, kSubject, kOperator, kAccount, kHandler };

struct RouteRow {
  std::string_view method;
  std::string_view pattern;
  std::string_view name;
  Scope scope;
  std::string_view permission;
  Metrics::RouteKind metrics;
  bool blocking;  // may wait (disk, locks): runs on the worker pool
  // `principal` is set for kOperator and kAccount rows, null otherwise;
  // `permission` is the row's.
  Response (*handler)(RouteServices& services, const Request& request,
                      const Principal* principal, std::string_view permission);
};

// Every route of keytrail, in a stable order.
std::span<const RouteRow> RouteTable();

// Adds every row of RouteTable() to `router`, authorizing kOperator and
// kAccount rows before their handler, and registers each row's name with
// `metrics` in its class. kInvalid when services.api or its usage is unset;
// Router::Add()'s error when a row is malformed or repeated.
[[nodiscard]] Status AddRouteTable(Router& router, Metrics& metrics,
                                   RouteServices& services);

}  // namespace keytrail::http

#endif  // KEYTRAIL_ROUTES_ROUTE_TABLE_H_
