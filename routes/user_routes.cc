// Users (docs/api.md §3): users:edit to change, tokens:view to read. A user's
// sessions are their personal tokens (Tiflux "Sessões API").
#include "domain/permissions.h"
#include "routes/handler_support.h"
#include "routes/handlers.h"

namespace keytrail::http {

namespace {

using projections::Views;

Result<const UserState*> FindUser(const Views& views,
                                  std::string_view account_id,
                                  std::string_view id) {
  return OwnedBy(views.user(id), account_id, "user");
}

Result<Response> RenderUser(const Views& views, std::string_view account_id,
                            std::string_view id, int status) {
  return RenderOwned(views.user(id), account_id, "user", projections::UserJson,
                     status);
}

// Runs `command` (app::UpdateUser, app::SetUserActive ...) on user {id}
// and answers 200 with the user.
template <typename Command>
Result<Response> ChangeUser(ApiContext& context, const Request& request,
                            const Principal& principal, Command&& command) {
  std::string account_id(request.Param("account"));
  std::string user_id(request.Param("id"));
  return RunCommand(
      context, request, principal,
      [&](const app::CommandServices& app, const app::Caller& caller) {
        return command(app, caller, account_id, user_id);
      },
      [&](const Views& views, Ok) {
        return RenderUser(views, account_id, user_id, 200);
      });
}

Result<Response> SetUserActiveRoute(ApiContext& context, const Request& request,
                                    const Principal& principal, bool active) {
  return ChangeUser(
      context, request, principal,
      [active](const app::CommandServices& app, const app::Caller& caller,
               const std::string& account_id, const std::string& user_id) {
        return app::SetUserActive(app, caller, account_id, user_id, active);
      });
}

}  // namespace

Result<Response> CreateUserRoute(ApiContext& context, const Request& request,
                                 const Principal& principal) {
  std::string account_id(request.Param("account"));
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

  return RunCommand(
      context, request, principal,
      [&](const app::CommandServices& app, const app::Caller& caller) {
        return app::CreateUser(app, caller, account_id, input);
      },
      [&](const Views& views, const app::Created& created) {
        return RenderUser(views, account_id, created.id, 201);
      });
}

Result<Response> ListUsersRoute(ApiContext& context, const Request& request,
                                const Principal& /*principal*/) {
  return ListRoute<UserState>(
      context, request,
      [](const Views& views, const std::string& account_id,
         const projections::PageRequest& page) {
        return views.ListUsers(account_id, page);
      },
      projections::UserJson);
}

Result<Response> GetUserRoute(ApiContext& context, const Request& request,
                              const Principal& /*principal*/) {
  return ReadRoute(
      context, request, [&](const Views& views, const std::string& account_id) {
        return RenderUser(views, account_id, request.Param("id"), 200);
      });
}

Result<Response> PatchUserRoute(ApiContext& context, const Request& request,
                                const Principal& principal) {
  Result<JsonBody> body = JsonBody::Parse(request);
  if (!body.ok()) return body.error();
  UpdateUserInput input;
  input.name = body->OptionalString("name");
  input.groups = body->OptionalStringArray("groups");
  input.licenses = body->OptionalStringArray("licenses");
  if (Status done = body->Finish(); !done.ok()) return done.error();
  return ChangeUser(
      context, request, principal,
      [&](const app::CommandServices& app, const app::Caller& caller,
          const std::string& account_id, const std::string& user_id) {
        return app::UpdateUser(app, caller, account_id, user_id, input);
      });
}

Result<Response> SessionsRoute(ApiContext& context, const Request& request,
                               const Principal& /*principal*/) {
  std::string account_id(request.Param("account"));
  std::string user_id(request.Param("id"));
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
                        return projections::TokenJson(
                            token, account->plan, query.now,
                            LiveUsageOf(context, token.id));
                      }));
}

Result<Response> DeactivateUserRoute(ApiContext& context,
                                     const Request& request,
                                     const Principal& principal) {
  return SetUserActiveRoute(context, request, principal, false);
}

Result<Response> ActivateUserRoute(ApiContext& context, const Request& request,
                                   const Principal& principal) {
  return SetUserActiveRoute(context, request, principal, true);
}

}  // namespace keytrail::http
