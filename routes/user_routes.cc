// Users (docs/api.md §3): users:edit to change, tokens:view to read. A user's
// sessions are their personal tokens (Tiflux "Sessões API").
#include "domain/ids.h"
#include "domain/permissions.h"
#include "domain/user_commands.h"
#include "routes/handler_support.h"
#include "routes/routes.h"
#include "projections/views_state_view.h"

namespace keytrail::http {

namespace {

using projections::Views;
using projections::ViewsStateView;

Result<const UserState*> FindUser(const Views& views,
                                  std::string_view account_id,
                                  std::string_view id) {
  return OwnedBy(views.user(id), account_id, "user");
}

Result<Response> RenderUser(const Views& views, std::string_view account_id,
                            std::string_view id, int status) {
  return RenderOwned(views.user(id), account_id, "user", UserJson, status);
}

Result<Response> CreateUserRoute(ApiContext& context, const Request& request) {
  std::string account_id(request.Param("account"));
  Result<Principal> principal =
      Authorize(context, request, account_id, kPermUsersEdit);
  if (!principal.ok()) return principal.error();
  Result<JsonBody> body = JsonBody::Parse(request);
  if (!body.ok()) return body.error();
  CreateUserInput input;
  input.email = body->RequireString("email");
  input.name = body->OptionalString("name").value_or("");
  input.groups =
      body->OptionalStringArray("groups").value_or(std::vector<std::string>{});
  input.licenses = body->OptionalStringArray("licenses")
                       .value_or(std::vector<std::string>{});
  if (Status done = body->Finish(); !done.ok()) return done.error();

  const std::string user_id = NewId(kUserIdPrefix, *context.random);
  app::CommandRequest command = CommandFor(request, *principal, account_id);
  command.exclusive = true;  // e-mails are unique per account
  command.decide = [&](const Views& views, Micros now) {
    return CreateUser(ViewsStateView(views), account_id, user_id, input,
                      CommandContext{principal->actor, now});
  };
  return RunAndRender(
      context, command,
      [&](const Views& views, const app::CommandOutcome& outcome) {
        return RenderUser(views, account_id, CreatedId(outcome, user_id), 201);
      });
}

Result<Response> ListUsersRoute(ApiContext& context, const Request& request) {
  return ListRoute<UserState>(
      context, request,
      [](const Views& views, const std::string& account_id,
         const projections::PageRequest& page) {
        return views.ListUsers(account_id, page);
      },
      UserJson);
}

Result<Response> GetUserRoute(ApiContext& context, const Request& request) {
  return ReadRoute(
      context, request, [&](const Views& views, const std::string& account_id) {
        return RenderUser(views, account_id, request.Param("id"), 200);
      });
}

// Runs a command on user `id` after the If-Match check and renders it.
Result<Response> ChangeUser(
    ApiContext& context, const Request& request, const Principal& principal,
    const std::function<Result<Events>(const StateView&, std::string_view,
                                       std::string_view,
                                       const CommandContext&)>& change) {
  std::string account_id(request.Param("account"));
  std::string user_id(request.Param("id"));
  app::CommandRequest command = CommandFor(request, principal, account_id);
  command.exclusive = true;  // personal tokens' and groups' rules span users
  command.decide = [&](const Views& views, Micros now) -> Result<Events> {
    Result<const UserState*> user = FindUser(views, account_id, user_id);
    if (!user.ok()) return user.error();
    if (Status match = CheckIfMatch(request, (*user)->version); !match.ok()) {
      return match.error();
    }
    return change(ViewsStateView(views), account_id, user_id,
                  CommandContext{principal.actor, now});
  };
  return RunAndRender(context, command,
                      [&](const Views& views, const app::CommandOutcome&) {
                        return RenderUser(views, account_id, user_id, 200);
                      });
}

Result<Response> PatchUserRoute(ApiContext& context, const Request& request) {
  Result<Principal> principal =
      Authorize(context, request, request.Param("account"), kPermUsersEdit);
  if (!principal.ok()) return principal.error();
  Result<JsonBody> body = JsonBody::Parse(request);
  if (!body.ok()) return body.error();
  UpdateUserInput input;
  input.name = body->OptionalString("name");
  input.groups = body->OptionalStringArray("groups");
  input.licenses = body->OptionalStringArray("licenses");
  if (Status done = body->Finish(); !done.ok()) return done.error();
  return ChangeUser(context, request, *principal,
                    [&](const StateView& view, std::string_view account,
                        std::string_view user, const CommandContext& ctx) {
                      return UpdateUser(view, account, user, input, ctx);
                    });
}

Result<Response> SetUserActiveRoute(ApiContext& context, const Request& request,
                                    bool active) {
  Result<Principal> principal =
      Authorize(context, request, request.Param("account"), kPermUsersEdit);
  if (!principal.ok()) return principal.error();
  return ChangeUser(context, request, *principal,
                    active ? ActivateUser : DeactivateUser);
}

Result<Response> SessionsRoute(ApiContext& context, const Request& request) {
  std::string account_id(request.Param("account"));
  std::string user_id(request.Param("id"));
  Result<Principal> principal =
      Authorize(context, request, account_id, kPermTokensView);
  if (!principal.ok()) return principal.error();
  Result<ReadViews> views = ViewsFor(context, request);
  if (!views.ok()) return views.error();
  Result<const UserState*> user = FindUser(**views, account_id, user_id);
  if (!user.ok()) return user.error();
  Result<projections::PageRequest> page = PageFrom(request);
  if (!page.ok()) return page.error();
  projections::TokenQuery query;
  query.account_id = account_id;
  query.user_id = user_id;
  query.status = std::string(request.Query("status").value_or(""));
  query.now = context.clock->Now();
  query.page = *page;
  Result<projections::Page<TokenState>> tokens = (*views)->ListTokens(query);
  if (!tokens.ok()) return tokens.error();
  const AccountState* account = (*views)->account(account_id);
  return JsonResponse(200, PageJson(*tokens, [&](const TokenState& token) {
                        return TokenJson(token, account->plan, query.now,
                                         LiveUsageOf(context, token.id));
                      }));
}

}  // namespace

Status AddUserRoutes(Router& router, ApiContext& context) {
  ApiContext* c = &context;
  const std::string base = "/v1/accounts/{account}/users";
  return AddRoutes(
      router,
      {
          {"POST", base, "users.create",
           Handle([c](const Request& r) { return CreateUserRoute(*c, r); }),
           true},
          {"GET", base, "users.list",
           Handle([c](const Request& r) { return ListUsersRoute(*c, r); }),
           true},
          {"GET", base + "/{id}", "users.get",
           Handle([c](const Request& r) { return GetUserRoute(*c, r); }), true},
          {"PATCH", base + "/{id}", "users.patch",
           Handle([c](const Request& r) { return PatchUserRoute(*c, r); }),
           true},
          {"POST", base + "/{id}:deactivate", "users.deactivate",
           Handle([c](const Request& r) {
             return SetUserActiveRoute(*c, r, false);
           }),
           true},
          {"POST", base + "/{id}:activate", "users.activate",
           Handle([c](const Request& r) {
             return SetUserActiveRoute(*c, r, true);
           }),
           true},
          {"GET", base + "/{id}/sessions", "users.sessions",
           Handle([c](const Request& r) { return SessionsRoute(*c, r); }),
           true},
      });
}

}  // namespace keytrail::http
