// The route table. One row per route; see route_table.h for the columns.
#include "routes/route_table.h"

#include <boost/json.hpp>
#include <string>

#include "domain/permissions.h"
#include "http/json_body.h"
#include "http/problem.h"
#include "routes/handler_support.h"
#include "routes/handlers.h"
#include "routes/openapi.h"

namespace keytrail::http {
namespace {

Response Answer(Result<Response> response) {
  if (!response.ok()) return ProblemResponse(response.error());
  return std::move(response).value();
}

// Adapters from the handlers' own signatures to the table's.
template <ManagementHandler F>
Response Managed(RouteServices& services, const Request& request,
                 const Principal* principal, std::string_view) {
  return Answer(F(*services.api, request, *principal));
}

template <Response (*F)(ApiContext&, const Request&)>
Response Subject(RouteServices& services, const Request& request,
                 const Principal*, std::string_view) {
  return F(*services.api, request);
}

template <Response (*F)(const Request&)>
Response Static(RouteServices&, const Request& request, const Principal*,
                std::string_view) {
  return F(request);
}

template <Result<Response> (*F)(ApiContext&, const Request&, std::string_view)>
Response SelfChecked(RouteServices& services, const Request& request,
                     const Principal*, std::string_view permission) {
  return Answer(F(*services.api, request, permission));
}

template <Result<Response> (*F)(AuditContext&, const Request&,
                                std::string_view)>
Response Audited(RouteServices& services, const Request& request,
                 const Principal*, std::string_view permission) {
  return Answer(F(*services.audit, request, permission));
}

Response Healthz(RouteServices&, const Request&, const Principal*,
                 std::string_view) {
  return JsonResponse(200, {{"status", "ok"}});
}

Response Readyz(RouteServices& services, const Request&, const Principal*,
                std::string_view) {
  if (Status ready = services.ready(); !ready.ok()) {
    return ProblemResponse(ready.error());
  }
  return JsonResponse(200, boost::json::object{{"status", "ready"}});
}

Response MetricsText(RouteServices& services, const Request&, const Principal*,
                     std::string_view) {
  return Response::Text(200, services.metrics->Render(),
                        "text/plain; version=0.0.4; charset=utf-8");
}

Response OpenApi(RouteServices&, const Request&, const Principal*,
                 std::string_view) {
  return Response::Text(200, std::string(OpenApiDocument()),
                        "application/json");
}

constexpr Metrics::RouteKind kManagement = Metrics::kManagement;
constexpr Metrics::RouteKind kVerify = Metrics::kVerify;
constexpr bool kBlocks = true;
constexpr bool kInline = false;
constexpr std::string_view kAnyone = "";

#define KT_ACCOUNTS "/v1/accounts/{account}"
#define KT_TOKENS KT_ACCOUNTS "/tokens"

// clang-format off
constexpr RouteRow kRoutes[] = {
  // method    pattern                                   name                        scope             permission        metrics      blocking  handler
  {"GET",    "/healthz",                                 "healthz",                  Scope::kPublic,   kAnyone,          kManagement, kInline, Healthz},
  {"GET",    "/readyz",                                  "readyz",                   Scope::kPublic,   kAnyone,          kManagement, kInline, Readyz},
  {"GET",    "/metrics",                                 "metrics",                  Scope::kPublic,   kAnyone,          kManagement, kInline, MetricsText},
  {"GET",    "/v1/openapi.json",                         "openapi",                  Scope::kPublic,   kAnyone,          kManagement, kInline, OpenApi},
  // Accounts, plans, settings.
  {"POST",   "/v1/accounts",                             "accounts.create",          Scope::kOperator, kAnyone,          kManagement, kBlocks, Managed<CreateAccountRoute>},
  {"GET",    "/v1/accounts",                             "accounts.list",            Scope::kOperator, kAnyone,          kManagement, kBlocks, Managed<ListAccountsRoute>},
  {"GET",    KT_ACCOUNTS,                                "accounts.get",             Scope::kAccount,  kAnyone,          kManagement, kBlocks, Managed<GetAccountRoute>},
  {"PUT",    KT_ACCOUNTS "/plan",                        "accounts.plan.put",        Scope::kOperator, kAnyone,          kManagement, kBlocks, Managed<PutPlanRoute>},
  {"PATCH",  KT_ACCOUNTS "/settings",                    "accounts.settings.patch",  Scope::kAccount,  kPermSettingsEdit, kManagement, kBlocks, Managed<PatchSettingsRoute>},
  // Webhooks.
  {"POST",   KT_ACCOUNTS "/webhooks",                    "webhooks.create",          Scope::kAccount,  kPermSettingsEdit, kManagement, kBlocks, Managed<CreateWebhookRoute>},
  {"GET",    KT_ACCOUNTS "/webhooks",                    "webhooks.list",            Scope::kAccount,  kPermSettingsEdit, kManagement, kBlocks, Managed<ListWebhooksRoute>},
  {"DELETE", KT_ACCOUNTS "/webhooks/{id}",               "webhooks.delete",          Scope::kAccount,  kPermSettingsEdit, kManagement, kBlocks, Managed<DeleteWebhookRoute>},
  {"GET",    KT_ACCOUNTS "/webhooks/{id}/deliveries",    "webhooks.deliveries",      Scope::kAccount,  kPermSettingsEdit, kManagement, kBlocks, Managed<WebhookDeliveriesRoute>},
  // Groups.
  {"POST",   KT_ACCOUNTS "/groups",                      "groups.create",            Scope::kAccount,  kPermGroupsEdit,  kManagement, kBlocks, Managed<CreateGroupRoute>},
  {"GET",    KT_ACCOUNTS "/groups",                      "groups.list",              Scope::kAccount,  kPermTokensView,  kManagement, kBlocks, Managed<ListGroupsRoute>},
  {"GET",    KT_ACCOUNTS "/groups/{id}",                 "groups.get",               Scope::kAccount,  kPermTokensView,  kManagement, kBlocks, Managed<GetGroupRoute>},
  {"PATCH",  KT_ACCOUNTS "/groups/{id}",                 "groups.patch",             Scope::kAccount,  kPermGroupsEdit,  kManagement, kBlocks, Managed<PatchGroupRoute>},
  {"DELETE", KT_ACCOUNTS "/groups/{id}",                 "groups.delete",            Scope::kAccount,  kPermGroupsEdit,  kManagement, kBlocks, Managed<DeleteGroupRoute>},
  // Users.
  {"POST",   KT_ACCOUNTS "/users",                       "users.create",             Scope::kAccount,  kPermUsersEdit,   kManagement, kBlocks, Managed<CreateUserRoute>},
  {"GET",    KT_ACCOUNTS "/users",                       "users.list",               Scope::kAccount,  kPermTokensView,  kManagement, kBlocks, Managed<ListUsersRoute>},
  {"GET",    KT_ACCOUNTS "/users/{id}",                  "users.get",                Scope::kAccount,  kPermTokensView,  kManagement, kBlocks, Managed<GetUserRoute>},
  {"PATCH",  KT_ACCOUNTS "/users/{id}",                  "users.patch",              Scope::kAccount,  kPermUsersEdit,   kManagement, kBlocks, Managed<PatchUserRoute>},
  {"POST",   KT_ACCOUNTS "/users/{id}:deactivate",       "users.deactivate",         Scope::kAccount,  kPermUsersEdit,   kManagement, kBlocks, Managed<DeactivateUserRoute>},
  {"POST",   KT_ACCOUNTS "/users/{id}:activate",         "users.activate",           Scope::kAccount,  kPermUsersEdit,   kManagement, kBlocks, Managed<ActivateUserRoute>},
  {"GET",    KT_ACCOUNTS "/users/{id}/sessions",         "users.sessions",           Scope::kAccount,  kPermTokensView,  kManagement, kBlocks, Managed<SessionsRoute>},
  // Tokens.
  {"POST",   KT_TOKENS,                                  "tokens.create",            Scope::kAccount,  kPermTokensEdit,  kManagement, kBlocks, Managed<CreateGroupTokenRoute>},
  {"POST",   KT_ACCOUNTS "/users/{id}/tokens",           "users.tokens.create",      Scope::kAccount,  kAnyone,          kManagement, kBlocks, Managed<CreatePersonalTokenRoute>},
  {"GET",    KT_TOKENS,                                  "tokens.list",              Scope::kAccount,  kPermTokensView,  kManagement, kBlocks, Managed<ListTokensRoute>},
  {"GET",    KT_TOKENS "/{id}",                          "tokens.get",               Scope::kAccount,  kPermTokensView,  kManagement, kBlocks, Managed<GetTokenRoute>},
  {"PATCH",  KT_TOKENS "/{id}",                          "tokens.patch",             Scope::kAccount,  kPermTokensEdit,  kManagement, kBlocks, Managed<PatchTokenRoute>},
  {"DELETE", KT_TOKENS "/{id}",                          "tokens.delete",            Scope::kAccount,  kPermTokensEdit,  kManagement, kBlocks, Managed<RevokeTokenRoute>},
  {"POST",   KT_TOKENS "/{id}:disable",                  "tokens.disable",           Scope::kAccount,  kPermTokensEdit,  kManagement, kBlocks, Managed<DisableTokenRoute>},
  {"POST",   KT_TOKENS "/{id}:enable",                   "tokens.enable",            Scope::kAccount,  kPermTokensEdit,  kManagement, kBlocks, Managed<EnableTokenRoute>},
  {"POST",   KT_TOKENS "/{id}:extend",                   "tokens.extend",            Scope::kAccount,  kPermTokensRenew, kManagement, kBlocks, Managed<ExtendTokenRoute>},
  {"POST",   KT_TOKENS "/{id}:regenerate",               "tokens.regenerate",        Scope::kAccount,  kPermTokensRenew, kManagement, kBlocks, Managed<RegenerateRoute>},
  {"POST",   KT_TOKENS "/{id}:reveal",                   "tokens.reveal",            Scope::kAccount,  kPermTokensRenew, kManagement, kBlocks, Managed<RevealRoute>},
  // Third-party grants.
  {"POST",   KT_ACCOUNTS "/grants",                      "grants.create",            Scope::kAccount,  kPermTokensEdit,  kManagement, kBlocks, Managed<AddGrantRoute>},
  {"GET",    KT_ACCOUNTS "/grants",                      "grants.list",              Scope::kAccount,  kPermTokensView,  kManagement, kBlocks, Managed<ListGrantsRoute>},
  {"GET",    KT_ACCOUNTS "/grants/{id}",                 "grants.get",               Scope::kAccount,  kPermTokensView,  kManagement, kBlocks, Managed<GetGrantRoute>},
  {"DELETE", KT_ACCOUNTS "/grants/{id}",                 "grants.delete",            Scope::kAccount,  kPermTokensEdit,  kManagement, kBlocks, Managed<RemoveGrantRoute>},
  // Verification: the hot path, on the I/O threads.
  {"POST",   "/v1/verify",                               "verify",                   Scope::kSubject,  kAnyone,          kVerify,     kInline, Subject<VerifyRoute>},
  {"GET",    "/v1/auth",                                 "auth",                     Scope::kSubject,  kAnyone,          kVerify,     kInline, Subject<AuthRoute>},
  {"POST",   "/v1/tokens:lookup",                        "tokens.lookup",            Scope::kHandler,  kPermTokensView,  kVerify,     kBlocks, SelfChecked<LookupRoute>},
  // Timelines.
  {"GET",    KT_TOKENS "/{id}/timeline",                 "tokens.timeline",          Scope::kAccount,  kPermTokensView,  kManagement, kBlocks, Managed<TimelineRoute>},
  {"GET",    KT_TOKENS "/{id}/usage",                    "tokens.usage",             Scope::kAccount,  kPermTokensView,  kManagement, kBlocks, Managed<UsageRoute>},
  {"GET",    KT_ACCOUNTS "/activity",                    "accounts.activity",        Scope::kAccount,  kPermTokensView,  kManagement, kBlocks, Managed<ActivityRoute>},
  {"GET",    KT_ACCOUNTS "/analytics",                   "accounts.analytics",       Scope::kAccount,  kPermTokensView,  kManagement, kBlocks, Managed<AnalyticsRoute>},
  // The audit log.
  {"GET",    "/v1/audit",                                "audit.list",               Scope::kHandler,  kPermAuditRead,   kManagement, kBlocks, Audited<AuditListRoute>},
  {"GET",    "/v1/audit/head",                           "audit.head",               Scope::kHandler,  kPermAuditRead,   kManagement, kBlocks, Audited<AuditHeadRoute>},
  {"GET",    "/v1/audit/public-key",                     "audit.public_key",         Scope::kHandler,  kPermAuditRead,   kManagement, kBlocks, Audited<AuditPublicKeyRoute>},
  {"GET",    "/v1/audit/proof/inclusion",                "audit.proof.inclusion",    Scope::kHandler,  kPermAuditRead,   kManagement, kBlocks, Audited<AuditInclusionRoute>},
  {"GET",    "/v1/audit/proof/consistency",              "audit.proof.consistency",  Scope::kHandler,  kPermAuditRead,   kManagement, kBlocks, Audited<AuditConsistencyRoute>},
  {"GET",    "/v1/audit/stream",                         "audit.stream",             Scope::kHandler,  kPermAuditRead,   kManagement, kBlocks, Audited<AuditStreamRoute>},
  // Operations.
  {"POST",   "/v1/admin/backup",                         "admin.backup",             Scope::kOperator, kAnyone,          kManagement, kBlocks, Managed<BackupRoute>},
  // The admin console: its files (from memory) and its sign-in sessions.
  {"GET",    "/console",                                 "console.redirect",         Scope::kPublic,   kAnyone,          kManagement, kInline, Static<ConsoleRedirectRoute>},
  {"GET",    "/console/",                                "console.index",            Scope::kPublic,   kAnyone,          kManagement, kInline, Static<ConsoleIndexRoute>},
  {"GET",    "/console/{asset}",                         "console.asset",            Scope::kPublic,   kAnyone,          kManagement, kInline, Static<ConsoleAssetRoute>},
  {"GET",    "/console/screens/{asset}",                 "console.screen",           Scope::kPublic,   kAnyone,          kManagement, kInline, Static<ConsoleScreenRoute>},
  {"POST",   "/v1/console/session",                      "console.session.create",   Scope::kHandler,  kAnyone,          kManagement, kBlocks, SelfChecked<SignInRoute>},
  {"GET",    "/v1/console/session",                      "console.session.get",      Scope::kHandler,  kAnyone,          kManagement, kBlocks, SelfChecked<SessionRoute>},
  {"DELETE", "/v1/console/session",                      "console.session.delete",   Scope::kHandler,  kAnyone,          kManagement, kBlocks, SelfChecked<SignOutRoute>},
};
// clang-format on

#undef KT_TOKENS
#undef KT_ACCOUNTS

Handler HandlerFor(const RouteRow& row, RouteServices& services) {
  if (row.scope != Scope::kOperator && row.scope != Scope::kAccount) {
    return [&row, &services](const Request& request) {
      return row.handler(services, request, nullptr, row.permission);
    };
  }
  return [&row, &services](const Request& request) {
    // The management API reads and decides on the views: on a cluster
    // they first catch up with what every node acknowledged (a blocking
    // route runs on the worker pool, where a database read may wait).
    // While the database is unreachable a read still answers from this
    // node's views; a command answers the store's 503.
    if (row.blocking) {
      Status caught_up = CatchUpWithCluster(*services.api);
      if (!caught_up.ok() && request.method != "GET") {
        return ProblemResponse(caught_up.error());
      }
    }
    std::string_view account =
        row.scope == Scope::kAccount ? request.Param("account") : "";
    Result<Principal> principal =
        Authorize(*services.api, request, account, row.permission);
    if (!principal.ok()) return ProblemResponse(principal.error());
    return row.handler(services, request, &*principal, row.permission);
  };
}

}  // namespace

std::span<const RouteRow> RouteTable() { return kRoutes; }

Status AddRouteTable(Router& router, Metrics& metrics,
                     RouteServices& services) {
  if (services.api == nullptr || services.api->usage == nullptr ||
      services.api->console == nullptr || services.audit == nullptr ||
      !services.ready || services.metrics == nullptr) {
    return Error::Make(ErrorCode::kInvalid,
                       "the route table needs every RouteServices member");
  }
  for (const RouteRow& row : kRoutes) {
    Status added = router.Add({.method = std::string(row.method),
                               .pattern = std::string(row.pattern),
                               .name = std::string(row.name),
                               .handler = HandlerFor(row, services),
                               .blocking = row.blocking});
    if (!added.ok()) return added;
    metrics.AddRoute(std::string(row.name), row.metrics);
  }
  return OkStatus();
}

}  // namespace keytrail::http
