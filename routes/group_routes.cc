// Groups (docs/api.md §3): groups:edit to change, tokens:view to read.
#include "domain/permissions.h"
#include "routes/handler_support.h"
#include "routes/handlers.h"

namespace keytrail::http {

namespace {

using projections::Views;

Result<Response> RenderGroup(const Views& views, std::string_view account_id,
                             std::string_view id, int status) {
  return RenderOwned(views.group(id), account_id, "group",
                     projections::GroupJson, status);
}

}  // namespace

Result<Response> CreateGroupRoute(ApiContext& context, const Request& request,
                                  const Principal& principal) {
  std::string account_id(request.Param("account"));
  Result<JsonBody> body = JsonBody::Parse(request);
  if (!body.ok()) return body.error();
  CreateGroupInput input;
  input.name = body->RequireString("name");
  input.type = body->RequireString("type");
  input.permissions = body->OptionalStringArray("permissions")
                          .value_or(std::vector<std::string>{});
  input.bound_cidrs = body->OptionalStringArray("bound_cidrs")
                          .value_or(std::vector<std::string>{});
  input.rate_limit = ReadRateLimit(*body).value_or(std::nullopt);
  if (Status done = body->Finish(); !done.ok()) return done.error();

  return RunCommand(
      context, request, principal,
      [&](const app::CommandServices& app, const app::Caller& caller) {
        return app::CreateGroup(app, caller, account_id, input);
      },
      [&](const Views& views, const app::Created& created) {
        return RenderGroup(views, account_id, created.id, 201);
      });
}

Result<Response> ListGroupsRoute(ApiContext& context, const Request& request,
                                 const Principal& /*principal*/) {
  return ListRoute<GroupState>(
      context, request,
      [](const Views& views, const std::string& account_id,
         const projections::PageRequest& page) {
        return views.ListGroups(account_id, page);
      },
      projections::GroupJson);
}

Result<Response> GetGroupRoute(ApiContext& context, const Request& request,
                               const Principal& /*principal*/) {
  return ReadRoute(
      context, request, [&](const Views& views, const std::string& account_id) {
        return RenderGroup(views, account_id, request.Param("id"), 200);
      });
}

Result<Response> PatchGroupRoute(ApiContext& context, const Request& request,
                                 const Principal& principal) {
  std::string account_id(request.Param("account"));
  std::string group_id(request.Param("id"));
  Result<JsonBody> body = JsonBody::Parse(request);
  if (!body.ok()) return body.error();
  UpdateGroupInput input;
  input.name = body->OptionalString("name");
  input.permissions = body->OptionalStringArray("permissions");
  input.bound_cidrs = body->OptionalStringArray("bound_cidrs");
  input.rate_limit = ReadRateLimit(*body);
  if (Status done = body->Finish(); !done.ok()) return done.error();

  return RunCommand(
      context, request, principal,
      [&](const app::CommandServices& app, const app::Caller& caller) {
        return app::UpdateGroup(app, caller, account_id, group_id, input);
      },
      [&](const Views& views, Ok) {
        return RenderGroup(views, account_id, group_id, 200);
      });
}

Result<Response> DeleteGroupRoute(ApiContext& context, const Request& request,
                                  const Principal& principal) {
  std::string account_id(request.Param("account"));
  std::string group_id(request.Param("id"));
  return RunCommand(
      context, request, principal,
      [&](const app::CommandServices& app, const app::Caller& caller) {
        return app::DeleteGroup(app, caller, account_id, group_id);
      },
      [](const Views&, Ok) { return Result<Response>(Response::Empty(204)); });
}

}  // namespace keytrail::http
