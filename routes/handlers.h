// The handlers of keytrail's HTTP routes, each named in one row of the route
// table (route_table.cc), which says its method, path, who may call it and
// how it is counted. A handler parses the request, calls the application
// and renders; it never authorizes on its own: the table authorized the
// caller before (`principal`), or hands the handler the permission it must
// check in the account it finds (`permission`).
//
// Grouped by the file that defines them. Thread-safe: every handler may run
// on several threads at once.
#ifndef KEYTRAIL_ROUTES_HANDLERS_H_
#define KEYTRAIL_ROUTES_HANDLERS_H_

#include <string_view>

#include "base/result.h"
#include "http/request.h"
#include "http/response.h"
#include "routes/api_context.h"
#include "routes/audit_routes.h"
#include "routes/handler_support.h"

namespace keytrail::http {

// A handler of a route whose caller the table authorized.
using ManagementHandler = Result<Response> (*)(ApiContext&, const Request&,
                                               const Principal&);

// account_routes.cc
Result<Response> CreateAccountRoute(ApiContext&, const Request&,
                                    const Principal&);
Result<Response> ListAccountsRoute(ApiContext&, const Request&,
                                   const Principal&);
Result<Response> GetAccountRoute(ApiContext&, const Request&, const Principal&);
Result<Response> PutPlanRoute(ApiContext&, const Request&, const Principal&);
Result<Response> PatchSettingsRoute(ApiContext&, const Request&,
                                    const Principal&);

// group_routes.cc
Result<Response> CreateGroupRoute(ApiContext&, const Request&,
                                  const Principal&);
Result<Response> ListGroupsRoute(ApiContext&, const Request&, const Principal&);
Result<Response> GetGroupRoute(ApiContext&, const Request&, const Principal&);
Result<Response> PatchGroupRoute(ApiContext&, const Request&, const Principal&);
Result<Response> DeleteGroupRoute(ApiContext&, const Request&,
                                  const Principal&);

// user_routes.cc
Result<Response> CreateUserRoute(ApiContext&, const Request&, const Principal&);
Result<Response> ListUsersRoute(ApiContext&, const Request&, const Principal&);
Result<Response> GetUserRoute(ApiContext&, const Request&, const Principal&);
Result<Response> PatchUserRoute(ApiContext&, const Request&, const Principal&);
Result<Response> DeactivateUserRoute(ApiContext&, const Request&,
                                     const Principal&);
Result<Response> ActivateUserRoute(ApiContext&, const Request&,
                                   const Principal&);
Result<Response> SessionsRoute(ApiContext&, const Request&, const Principal&);

// token_routes.cc
Result<Response> CreateGroupTokenRoute(ApiContext&, const Request&,
                                       const Principal&);
// Any principal of the account: the owner itself, or tokens:edit (checked
// by the handler, which knows the owner).
Result<Response> CreatePersonalTokenRoute(ApiContext&, const Request&,
                                          const Principal&);
Result<Response> ListTokensRoute(ApiContext&, const Request&, const Principal&);
Result<Response> GetTokenRoute(ApiContext&, const Request&, const Principal&);
Result<Response> PatchTokenRoute(ApiContext&, const Request&, const Principal&);
Result<Response> RevokeTokenRoute(ApiContext&, const Request&,
                                  const Principal&);
Result<Response> DisableTokenRoute(ApiContext&, const Request&,
                                   const Principal&);
Result<Response> EnableTokenRoute(ApiContext&, const Request&,
                                  const Principal&);
Result<Response> ExtendTokenRoute(ApiContext&, const Request&,
                                  const Principal&);
Result<Response> RegenerateRoute(ApiContext&, const Request&, const Principal&);
Result<Response> RevealRoute(ApiContext&, const Request&, const Principal&);

// grant_routes.cc
Result<Response> AddGrantRoute(ApiContext&, const Request&, const Principal&);
Result<Response> ListGrantsRoute(ApiContext&, const Request&, const Principal&);
Result<Response> GetGrantRoute(ApiContext&, const Request&, const Principal&);
Result<Response> RemoveGrantRoute(ApiContext&, const Request&,
                                  const Principal&);

// webhook_routes.cc: POST/GET …/webhooks, DELETE …/webhooks/{id},
// GET …/webhooks/{id}/deliveries (docs/api.md "Webhooks"; settings:edit).
Result<Response> CreateWebhookRoute(ApiContext&, const Request&,
                                    const Principal&);
Result<Response> ListWebhooksRoute(ApiContext&, const Request&,
                                   const Principal&);
Result<Response> DeleteWebhookRoute(ApiContext&, const Request&,
                                    const Principal&);
Result<Response> WebhookDeliveriesRoute(ApiContext&, const Request&,
                                        const Principal&);

// timeline_routes.cc
Result<Response> TimelineRoute(ApiContext&, const Request&, const Principal&);
Result<Response> UsageRoute(ApiContext&, const Request&, const Principal&);
Result<Response> ActivityRoute(ApiContext&, const Request&, const Principal&);
// GET …/analytics?by=outcome|token|hour|ip&since=&until=&limit=: the
// account's verifications counted by outcome per bucket (docs/api.md
// "Analytics"); 400 for a bad by, time, window or limit.
Result<Response> AnalyticsRoute(ApiContext&, const Request&, const Principal&);

// backup_route.cc: POST /v1/admin/backup {"dir": "/abs/new/dir"} (operator)
// -> 201 {"dir", "head_seq"}: an online backup through the running server,
// which holds the store's lock. `dir` is a path on the server's machine; it
// must be absolute and must not exist (400 INVALID, 409 CONFLICT when it
// exists). The copy is EventStore::Backup(): consistent; `dir` is then a
// store, the same layout as `keytrail backup` writes (restore: it becomes
// <data>/store). The master key and the audit signing key are not in it:
// back those up separately (docs/deploy.md).
Result<Response> BackupRoute(ApiContext&, const Request&, const Principal&);

// verify_routes.cc: the hot path; the presented token is the subject.
Response VerifyRoute(ApiContext&, const Request&);
Response AuthRoute(ApiContext&, const Request&);

// lookup_route.cc: authorizes `permission` in the account of the token the
// secret belongs to (the operator anywhere); 404 for anyone else.
Result<Response> LookupRoute(ApiContext&, const Request&,
                             std::string_view permission);

// audit_routes.cc: authorize `permission` in the caller's account, or the
// one `account=` names.
Result<Response> AuditListRoute(AuditContext&, const Request&,
                                std::string_view permission);
Result<Response> AuditHeadRoute(AuditContext&, const Request&,
                                std::string_view permission);
Result<Response> AuditPublicKeyRoute(AuditContext&, const Request&,
                                     std::string_view permission);
Result<Response> AuditInclusionRoute(AuditContext&, const Request&,
                                     std::string_view permission);
Result<Response> AuditConsistencyRoute(AuditContext&, const Request&,
                                       std::string_view permission);
Result<Response> AuditStreamRoute(AuditContext&, const Request&,
                                  std::string_view permission);

// console_routes.cc: the admin console (docs/console.md). Its files need no
// credentials; signing in checks the pasted token itself (a refusal is a
// ConsoleSignInFailed event); the session routes authenticate the session
// cookie (console_cookie.h) and, for GET, `permission` in its account.
Response ConsoleRedirectRoute(const Request&);
Response ConsoleIndexRoute(const Request&);
Response ConsoleAssetRoute(const Request&);
Response ConsoleScreenRoute(const Request&);
Result<Response> SignInRoute(ApiContext&, const Request&,
                             std::string_view permission);
Result<Response> SessionRoute(ApiContext&, const Request&,
                              std::string_view permission);
Result<Response> SignOutRoute(ApiContext&, const Request&,
                              std::string_view permission);

}  // namespace keytrail::http

#endif  // KEYTRAIL_ROUTES_HANDLERS_H_
