// Third-party grants (docs/api.md §3, VTEX "Chaves terceiras"): the account
// lets a token of another account act in it with some of its api groups.
// tokens:edit to add and remove, tokens:view to read.
#include "domain/permissions.h"
#include "routes/handler_support.h"
#include "routes/handlers.h"

namespace keytrail::http {

namespace {

using projections::Views;

Result<Response> RenderGrant(const Views& views, std::string_view account_id,
                             std::string_view id, int status) {
  return RenderOwned(views.grant(id), account_id, "grant",
                     projections::GrantJson, status);
}

}  // namespace

Result<Response> AddGrantRoute(ApiContext& context, const Request& request,
                               const Principal& principal) {
  std::string account_id(request.Param("account"));
  Result<JsonBody> body = JsonBody::Parse(request);
  if (!body.ok()) return body.error();
  AddGrantInput input;
  input.token_id = body->RequireString("token");
  input.groups = body->RequireStringArray("groups");
  if (Status done = body->Finish(); !done.ok()) return done.error();

  return RunCommand(
      context, request, principal,
      [&](const app::CommandServices& app, const app::Caller& caller) {
        return app::AddGrant(app, caller, account_id, input);
      },
      [&](const Views& views, const app::Created& created) {
        return RenderGrant(views, account_id, created.id, 201);
      });
}

Result<Response> ListGrantsRoute(ApiContext& context, const Request& request,
                                 const Principal& /*principal*/) {
  return ListRoute<GrantState>(
      context, request,
      [](const Views& views, const std::string& account_id,
         const projections::PageRequest& page) {
        return views.ListGrants(account_id, page);
      },
      projections::GrantJson);
}

Result<Response> GetGrantRoute(ApiContext& context, const Request& request,
                               const Principal& /*principal*/) {
  return ReadRoute(
      context, request, [&](const Views& views, const std::string& account_id) {
        return RenderGrant(views, account_id, request.Param("id"), 200);
      });
}

Result<Response> RemoveGrantRoute(ApiContext& context, const Request& request,
                                  const Principal& principal) {
  std::string account_id(request.Param("account"));
  std::string grant_id(request.Param("id"));
  return RunCommand(
      context, request, principal,
      [&](const app::CommandServices& app, const app::Caller& caller) {
        return app::RemoveGrant(app, caller, account_id, grant_id);
      },
      [](const Views&, Ok) { return Result<Response>(Response::Empty(204)); });
}

}  // namespace keytrail::http
