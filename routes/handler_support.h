// What every management route does the same way: authenticate and
// authorize the caller (principal), read the live or the as_of views, run a
// command of app/commands.h as the request's caller (RunCommand), render
// pages, ETags and errors. Routes call these instead of repeating them.
//
// Authorization (docs/api.md §1): the secret comes from `Authorization: Bearer`
// or `x-api-key`, or else from the console's session cookie (whose writes
// need X-CSRF-Token, console_cookie.h); the caller needs the route's permission
// in the path's account. A token of `_system` with `*` is the operator and
// reaches every account; a token reaches another account only through a grant.
// An account the caller cannot reach answers 404 (never 403), a missing
// permission 403, a missing or bad token 401.
#ifndef KEYTRAIL_ROUTES_HANDLER_SUPPORT_H_
#define KEYTRAIL_ROUTES_HANDLER_SUPPORT_H_

#include <boost/json.hpp>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "app/caller.h"
#include "app/commands.h"
#include "base/result.h"
#include "domain/credits.h"
#include "domain/state.h"
#include "http/json_body.h"
#include "http/problem.h"
#include "http/request.h"
#include "http/response.h"
#include "http/router.h"
#include "projections/cursor.h"
#include "projections/owned_by.h"
#include "projections/render.h"
#include "routes/api_context.h"

namespace keytrail::http {

// The authenticated caller of a route.
struct Principal {
  std::string token_id;
  std::string token_account_id;
  bool is_operator = false;
  // The caller's permissions in the account of the route.
  std::vector<std::string> permissions;
  // token = the caller's token; user = the personal token's owner or the
  // Acting-User; ip = the client address.
  Actor actor;
};

// On a cluster, makes the views catch up with the log every node has
// committed (eventstore::EventLog::SyncSharedHead, then WaitUntilApplied),
// so that a request sees whatever any node acknowledged before it came:
// a token made through node A is found through node B at once. One read of
// the shared head; nothing on a single node. Blocks: worker pool only.
// kUnavailable when the store cannot be reached or the views lag too far.
Status CatchUpWithCluster(ApiContext& context);

// Authenticates `request` and checks `permission` (empty: access only) in
// `account_id` (empty: the operator's routes, operator only). Honours
// Acting-User (needs users:act_as; the user must be of the account).
Result<Principal> Authorize(ApiContext& context, const Request& request,
                            std::string_view account_id,
                            std::string_view permission);

// The 403 of a token used from outside its CIDRs (FORBIDDEN_IP), the same
// for a management call, a console sign-in and GET /v1/auth.
Error ForbiddenIpError();

// The client address: the peer, or the first hop of X-Forwarded-For when
// the peer is a trusted proxy.
std::string ClientIp(const ApiContext& context, const Request& request);

// Reads the nullable member `rate_limit` ({"limit": N, "window_ms": M}) of
// `body`: absent -> nullopt, null -> a present nullopt. Type errors and
// unknown members are added to `body` as "rate_limit.<member>"; the
// bounds are the domain's (domain/rate_limit.h).
std::optional<std::optional<RateLimit>> ReadRateLimit(JsonBody& body);

// "credits": {"remaining": N | null, "refill": {"amount": N, "interval":
// "daily" | "monthly"} | null} | null (domain/credits.h). nullopt when
// absent; null reads as unlimited (remaining nullopt). Field errors go to
// `body` as "credits.remaining", "credits.refill.amount", ...
std::optional<Credits> ReadCredits(JsonBody& body);

// The views a GET reads: live (under the engine's read lock) or, with
// `as_of`, rebuilt from the log as they were then.
class ReadViews {
 public:
  const projections::Views& operator*() const { return *views_; }
  const projections::Views* operator->() const { return views_; }
  bool is_past() const { return past_ != nullptr; }

 private:
  friend Result<ReadViews> ViewsFor(ApiContext&, const Request&);
  std::optional<projections::ProjectionEngine::ReadLock> live_;
  std::shared_ptr<const projections::Views> past_;
  const projections::Views* views_ = nullptr;
};
Result<ReadViews> ViewsFor(ApiContext& context, const Request& request);

// The page request of a list: `limit` (1..1000, default 50) and `cursor`.
Result<projections::PageRequest> PageFrom(const Request& request);

// A GET route (the route table authorized the caller in the path's
// `account`): answers `read(views, account_id)` over the live or the as_of
// views.
using ReadFn = std::function<Result<Response>(const projections::Views&,
                                              const std::string& account_id)>;
Result<Response> ReadRoute(ApiContext& context, const Request& request,
                           const ReadFn& read);

// {"items": [...], "next_cursor": "..." | null}.
template <typename T, typename RenderFn>
boost::json::object PageJson(const projections::Page<T>& page,
                             RenderFn&& render) {
  boost::json::array items;
  items.reserve(page.items.size());
  for (const T* item : page.items) items.emplace_back(render(*item));
  boost::json::object out;
  out["items"] = std::move(items);
  if (page.next_cursor) {
    out["next_cursor"] = *page.next_cursor;
  } else {
    out["next_cursor"] = nullptr;
  }
  return out;
}

// A JSON response with `ETag: "<version>"`.
Response JsonWithETag(int status, boost::json::object body, uint64_t version);

// GET of a collection: ReadRoute, then one page (PageFrom) of
// `list(views, account_id, page)`, each item rendered by `render`.
template <typename T, typename ListFn, typename RenderItemFn>
Result<Response> ListRoute(ApiContext& context, const Request& request,
                           ListFn&& list, RenderItemFn&& render) {
  return ReadRoute(context, request,
                   [&](const projections::Views& views,
                       const std::string& account_id) -> Result<Response> {
                     Result<projections::PageRequest> page = PageFrom(request);
                     if (!page.ok()) return page.error();
                     Result<projections::Page<T>> items =
                         list(views, account_id, *page);
                     if (!items.ok()) return items.error();
                     return JsonResponse(200, PageJson(*items, render));
                   });
}

using projections::OwnedBy;

// OwnedBy(), rendered by `render` with its ETag.
template <typename State, typename RenderStateFn>
Result<Response> RenderOwned(const State* state, std::string_view account_id,
                             std::string_view noun, RenderStateFn&& render,
                             int status) {
  Result<const State*> owned = OwnedBy(state, account_id, noun);
  if (!owned.ok()) return owned.error();
  return JsonWithETag(status, render(**owned), (*owned)->version);
}

// The caller of a command (app/caller.h): the principal's actor, the
// Idempotency-Key of a POST (hashed with the route and body) and the
// version of `If-Match: "<version>"` (W/ and * accepted); kInvalid for a
// malformed If-Match.
Result<app::Caller> CallerOf(const Request& request,
                             const Principal& principal);

// What the commands of app/commands.h run on, from the routes' context.
app::CommandServices CommandsOf(const ApiContext& context);

// Runs `command(commands, caller)` (a function of app/commands.h bound to
// its typed input) as the request's caller, then answers
// `render(views, result)` on the views right after, which include the
// command's writes (read-your-writes). `result` is the command's value
// (Ok for a Status).
template <typename Command, typename RenderResult>
Result<Response> RunCommand(ApiContext& context, const Request& request,
                            const Principal& principal, Command&& command,
                            RenderResult&& render) {
  Result<app::Caller> caller = CallerOf(request, principal);
  if (!caller.ok()) return caller.error();
  auto result = command(CommandsOf(context), *caller);
  if (!result.ok()) return result.error();
  projections::ProjectionEngine::ReadLock views = context.engine->Read();
  return render(views.views(), *result);
}

// The live usage figures of `token_id` (fresher than the views), or
// nullopt when nothing is recorded in memory.
std::optional<projections::LiveUsage> LiveUsageOf(ApiContext& context,
                                                  const std::string& token_id);

// Counts a management call as a use of the caller's token (last use,
// usage events), as a verification would.
void RecordManagementUse(ApiContext& context, const Principal& principal);

// Adds every route of `routes` to `router`; stops at the first failure.
Status AddRoutes(Router& router, std::vector<Route> routes);

// Turns a handler that may fail into a Handler: an Error becomes its
// problem+json response.
Handler Handle(std::function<Result<Response>(const Request&)> handler);

}  // namespace keytrail::http

#endif  // KEYTRAIL_ROUTES_HANDLER_SUPPORT_H_
