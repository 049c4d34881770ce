// Groups (docs/api.md §3): groups:edit to change, tokens:view to read.
#include "domain/group_commands.h"
#include "domain/ids.h"
#include "domain/permissions.h"
#include "routes/handler_support.h"
#include "routes/routes.h"
#include "projections/views_state_view.h"

namespace keytrail::http {

namespace {

using projections::Views;
using projections::ViewsStateView;

// The group `id` of `account_id`; groups of other accounts and deleted
// ones are not found.
Result<const GroupState*> FindGroup(const Views& views,
                                    std::string_view account_id,
                                    std::string_view id) {
  return OwnedBy(views.group(id), account_id, "group");
}

Result<Response> RenderGroup(const Views& views, std::string_view account_id,
                             std::string_view id, int status) {
  return RenderOwned(views.group(id), account_id, "group", GroupJson, status);
}

Result<Response> CreateGroupRoute(ApiContext& context, const Request& request) {
  std::string account_id(request.Param("account"));
  Result<Principal> principal =
      Authorize(context, request, account_id, kPermGroupsEdit);
  if (!principal.ok()) return principal.error();
  Result<JsonBody> body = JsonBody::Parse(request);
  if (!body.ok()) return body.error();
  CreateGroupInput input;
  input.name = body->RequireString("name");
  input.type = body->RequireString("type");
  input.permissions = body->OptionalStringArray("permissions")
                          .value_or(std::vector<std::string>{});
  if (Status done = body->Finish(); !done.ok()) return done.error();

  const std::string group_id = NewId(kGroupIdPrefix, *context.random);
  app::CommandRequest command = CommandFor(request, *principal, account_id);
  command.decide = [&](const Views& views, Micros now) {
    return CreateGroup(ViewsStateView(views), account_id, group_id, input,
                       CommandContext{principal->actor, now});
  };
  return RunAndRender(
      context, command,
      [&](const Views& views, const app::CommandOutcome& outcome) {
        return RenderGroup(views, account_id, CreatedId(outcome, group_id),
                           201);
      });
}

Result<Response> ListGroupsRoute(ApiContext& context, const Request& request) {
  return ListRoute<GroupState>(
      context, request,
      [](const Views& views, const std::string& account_id,
         const projections::PageRequest& page) {
        return views.ListGroups(account_id, page);
      },
      GroupJson);
}

Result<Response> GetGroupRoute(ApiContext& context, const Request& request) {
  return ReadRoute(
      context, request, [&](const Views& views, const std::string& account_id) {
        return RenderGroup(views, account_id, request.Param("id"), 200);
      });
}

Result<Response> PatchGroupRoute(ApiContext& context, const Request& request) {
  std::string account_id(request.Param("account"));
  std::string group_id(request.Param("id"));
  Result<Principal> principal =
      Authorize(context, request, account_id, kPermGroupsEdit);
  if (!principal.ok()) return principal.error();
  Result<JsonBody> body = JsonBody::Parse(request);
  if (!body.ok()) return body.error();
  UpdateGroupInput input;
  input.name = body->OptionalString("name");
  input.permissions = body->OptionalStringArray("permissions");
  if (Status done = body->Finish(); !done.ok()) return done.error();

  app::CommandRequest command = CommandFor(request, *principal, account_id);
  command.decide = [&](const Views& views, Micros now) -> Result<Events> {
    Result<const GroupState*> group = FindGroup(views, account_id, group_id);
    if (!group.ok()) return group.error();
    if (Status match = CheckIfMatch(request, (*group)->version); !match.ok()) {
      return match.error();
    }
    return UpdateGroup(ViewsStateView(views), account_id, group_id, input,
                       CommandContext{principal->actor, now});
  };
  return RunAndRender(context, command,
                      [&](const Views& views, const app::CommandOutcome&) {
                        return RenderGroup(views, account_id, group_id, 200);
                      });
}

Result<Response> DeleteGroupRoute(ApiContext& context, const Request& request) {
  std::string account_id(request.Param("account"));
  std::string group_id(request.Param("id"));
  Result<Principal> principal =
      Authorize(context, request, account_id, kPermGroupsEdit);
  if (!principal.ok()) return principal.error();
  app::CommandRequest command = CommandFor(request, *principal, account_id);
  command.exclusive = true;  // GROUP_IN_USE spans tokens, users and grants
  command.decide = [&](const Views& views, Micros now) -> Result<Events> {
    Result<const GroupState*> group = FindGroup(views, account_id, group_id);
    if (!group.ok()) return group.error();
    if (Status match = CheckIfMatch(request, (*group)->version); !match.ok()) {
      return match.error();
    }
    return DeleteGroup(ViewsStateView(views), account_id, group_id,
                       CommandContext{principal->actor, now});
  };
  return RunAndRender(context, command,
                      [](const Views&, const app::CommandOutcome&) {
                        return Result<Response>(Response::Empty(204));
                      });
}

}  // namespace

Status AddGroupRoutes(Router& router, ApiContext& context) {
  ApiContext* c = &context;
  const std::string base = "/v1/accounts/{account}/groups";
  return AddRoutes(
      router,
      {
          {"POST", base, "groups.create",
           Handle([c](const Request& r) { return CreateGroupRoute(*c, r); }),
           true},
          {"GET", base, "groups.list",
           Handle([c](const Request& r) { return ListGroupsRoute(*c, r); }),
           true},
          {"GET", base + "/{id}", "groups.get",
           Handle([c](const Request& r) { return GetGroupRoute(*c, r); }),
           true},
          {"PATCH", base + "/{id}", "groups.patch",
           Handle([c](const Request& r) { return PatchGroupRoute(*c, r); }),
           true},
          {"DELETE", base + "/{id}", "groups.delete",
           Handle([c](const Request& r) { return DeleteGroupRoute(*c, r); }),
           true},
      });
}

}  // namespace keytrail::http
