// Groups (docs/api.md §3): groups:edit to change, tokens:view to read.
#include "domain/group_commands.h"
#include "domain/ids.h"
#include "domain/permissions.h"
#include "projections/views_state_view.h"
#include "routes/handler_support.h"
#include "routes/handlers.h"

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

  const std::string group_id = NewId(kGroupIdPrefix, *context.random);
  app::CommandRequest command = CommandFor(request, principal, account_id);
  command.decide = [&](const Views& views, Micros now) {
    return CreateGroup(ViewsStateView(views), account_id, group_id, input,
                       CommandContext{principal.actor, now});
  };
  return RunAndRender(
      context, command,
      [&](const Views& views, const app::CommandOutcome& outcome) {
        return RenderGroup(views, account_id, CreatedId(outcome, group_id),
                           201);
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

  app::CommandRequest command = CommandFor(request, principal, account_id);
  command.decide = [&](const Views& views, Micros now) -> Result<Events> {
    Result<const GroupState*> group = FindGroup(views, account_id, group_id);
    if (!group.ok()) return group.error();
    if (Status match = CheckIfMatch(request, (*group)->version); !match.ok()) {
      return match.error();
    }
    return UpdateGroup(ViewsStateView(views), account_id, group_id, input,
                       CommandContext{principal.actor, now});
  };
  return RunAndRender(context, command,
                      [&](const Views& views, const app::CommandOutcome&) {
                        return RenderGroup(views, account_id, group_id, 200);
                      });
}

Result<Response> DeleteGroupRoute(ApiContext& context, const Request& request,
                                  const Principal& principal) {
  std::string account_id(request.Param("account"));
  std::string group_id(request.Param("id"));
  app::CommandRequest command = CommandFor(request, principal, account_id);
  command.exclusive = true;  // GROUP_IN_USE spans tokens, users and grants
  command.decide = [&](const Views& views, Micros now) -> Result<Events> {
    Result<const GroupState*> group = FindGroup(views, account_id, group_id);
    if (!group.ok()) return group.error();
    if (Status match = CheckIfMatch(request, (*group)->version); !match.ok()) {
      return match.error();
    }
    return DeleteGroup(ViewsStateView(views), account_id, group_id,
                       CommandContext{principal.actor, now});
  };
  return RunAndRender(context, command,
                      [](const Views&, const app::CommandOutcome&) {
                        return Result<Response>(Response::Empty(204));
                      });
}

}  // namespace keytrail::http
