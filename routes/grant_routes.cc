// Third-party grants (docs/api.md §3, VTEX "Chaves terceiras"): the account lets
// a token of another account act in it with some of its api groups.
// tokens:edit to add and remove, tokens:view to read.
#include "domain/grant_commands.h"
#include "domain/ids.h"
#include "domain/permissions.h"
#include "routes/handler_support.h"
#include "routes/routes.h"
#include "projections/views_state_view.h"

namespace keytrail::http {

namespace {

using projections::Views;
using projections::ViewsStateView;

Result<Response> RenderGrant(const Views& views, std::string_view account_id,
                             std::string_view id, int status) {
  return RenderOwned(views.grant(id), account_id, "grant", GrantJson, status);
}

Result<Response> AddGrantRoute(ApiContext& context, const Request& request) {
  std::string account_id(request.Param("account"));
  Result<Principal> principal =
      Authorize(context, request, account_id, kPermTokensEdit);
  if (!principal.ok()) return principal.error();
  Result<JsonBody> body = JsonBody::Parse(request);
  if (!body.ok()) return body.error();
  AddGrantInput input;
  input.token_id = body->RequireString("token");
  input.groups = body->RequireStringArray("groups");
  if (Status done = body->Finish(); !done.ok()) return done.error();

  const std::string grant_id = NewId(kGrantIdPrefix, *context.random);
  app::CommandRequest command = CommandFor(request, *principal, account_id);
  command.exclusive = true;  // one grant per (account, token)
  command.decide = [&](const Views& views, Micros now) {
    return AddGrant(ViewsStateView(views), account_id, grant_id, input,
                    CommandContext{principal->actor, now});
  };
  return RunAndRender(
      context, command,
      [&](const Views& views, const app::CommandOutcome& outcome) {
        return RenderGrant(views, account_id, CreatedId(outcome, grant_id),
                           201);
      });
}

Result<Response> ListGrantsRoute(ApiContext& context, const Request& request) {
  return ListRoute<GrantState>(
      context, request,
      [](const Views& views, const std::string& account_id,
         const projections::PageRequest& page) {
        return views.ListGrants(account_id, page);
      },
      GrantJson);
}

Result<Response> GetGrantRoute(ApiContext& context, const Request& request) {
  return ReadRoute(
      context, request, [&](const Views& views, const std::string& account_id) {
        return RenderGrant(views, account_id, request.Param("id"), 200);
      });
}

Result<Response> RemoveGrantRoute(ApiContext& context, const Request& request) {
  std::string account_id(request.Param("account"));
  std::string grant_id(request.Param("id"));
  Result<Principal> principal =
      Authorize(context, request, account_id, kPermTokensEdit);
  if (!principal.ok()) return principal.error();
  app::CommandRequest command = CommandFor(request, *principal, account_id);
  command.exclusive = true;
  command.decide = [&](const Views& views, Micros now) {
    return RemoveGrant(ViewsStateView(views), account_id, grant_id,
                       CommandContext{principal->actor, now});
  };
  return RunAndRender(context, command,
                      [](const Views&, const app::CommandOutcome&) {
                        return Result<Response>(Response::Empty(204));
                      });
}

}  // namespace

Status AddGrantRoutes(Router& router, ApiContext& context) {
  ApiContext* c = &context;
  const std::string base = "/v1/accounts/{account}/grants";
  return AddRoutes(
      router,
      {
          {"POST", base, "grants.create",
           Handle([c](const Request& r) { return AddGrantRoute(*c, r); }),
           true},
          {"GET", base, "grants.list",
           Handle([c](const Request& r) { return ListGrantsRoute(*c, r); }),
           true},
          {"GET", base + "/{id}", "grants.get",
           Handle([c](const Request& r) { return GetGrantRoute(*c, r); }),
           true},
          {"DELETE", base + "/{id}", "grants.delete",
           Handle([c](const Request& r) { return RemoveGrantRoute(*c, r); }),
           true},
      });
}

Status AddManagementRoutes(Router& router, ApiContext& context) {
  for (auto add : {AddAccountRoutes, AddGroupRoutes, AddUserRoutes,
                   AddTokenRoutes, AddGrantRoutes}) {
    if (Status added = add(router, context); !added.ok()) return added;
  }
  return OkStatus();
}

}  // namespace keytrail::http
