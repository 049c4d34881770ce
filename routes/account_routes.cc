// Accounts, plans and settings (docs/api.md §3): the operator creates accounts
// and changes plans; settings need settings:edit.
#include "domain/account_commands.h"
#include "domain/permissions.h"
#include "projections/views_state_view.h"
#include "routes/handler_support.h"
#include "routes/handlers.h"

namespace keytrail::http {

namespace {

using projections::Views;
using projections::ViewsStateView;

Result<Response> RenderAccount(const Views& views, std::string_view id,
                               int status) {
  const AccountState* account = views.account(id);
  if (account == nullptr) {
    return Error::Make(ErrorCode::kNotFound, "no such account");
  }
  return JsonWithETag(status, projections::AccountJson(*account),
                      account->version);
}

// {"name", "api_access", "max_active_tokens"} of PUT /plan. New accounts
// start on the default plan (api access, no cap); the operator sets another
// with PUT /plan.
Plan ReadPlan(JsonBody& body) {
  Plan plan;
  plan.name = body.RequireString("name");
  plan.api_access = body.RequireBool("api_access");
  Nullable<int64_t> max = body.NullableInt("max_active_tokens");
  if (max.value) plan.max_active_tokens = *max.value;
  return plan;
}

}  // namespace

Result<Response> CreateAccountRoute(ApiContext& context, const Request& request,
                                    const Principal& principal) {
  Result<JsonBody> body = JsonBody::Parse(request);
  if (!body.ok()) return body.error();
  CreateAccountInput input;
  input.id = body->RequireString("id");
  input.name = body->RequireString("name");
  if (Status done = body->Finish(); !done.ok()) return done.error();

  app::CommandRequest command = CommandFor(request, principal, input.id);
  command.decide = [&](const Views& views, Micros now) {
    return CreateAccount(ViewsStateView(views), input,
                         CommandContext{principal.actor, now});
  };
  return RunAndRender(context, command,
                      [&](const Views& views, const app::CommandOutcome&) {
                        return RenderAccount(views, input.id, 201);
                      });
}

Result<Response> ListAccountsRoute(ApiContext& context, const Request& request,
                                   const Principal& /*principal*/) {
  Result<ReadViews> views = ViewsFor(context, request);
  if (!views.ok()) return views.error();
  Result<projections::PageRequest> page = PageFrom(request);
  if (!page.ok()) return page.error();
  Result<projections::Page<AccountState>> accounts =
      (*views)->ListAccounts(*page);
  if (!accounts.ok()) return accounts.error();
  return JsonResponse(200, PageJson(*accounts, projections::AccountJson));
}

Result<Response> GetAccountRoute(ApiContext& context, const Request& request,
                                 const Principal& /*principal*/) {
  std::string account_id(request.Param("account"));
  Result<ReadViews> views = ViewsFor(context, request);
  if (!views.ok()) return views.error();
  return RenderAccount(**views, account_id, 200);
}

Result<Response> PutPlanRoute(ApiContext& context, const Request& request,
                              const Principal& principal) {
  std::string account_id(request.Param("account"));
  Result<JsonBody> body = JsonBody::Parse(request);
  if (!body.ok()) return body.error();
  Plan plan = ReadPlan(*body);
  if (Status done = body->Finish(); !done.ok()) return done.error();

  app::CommandRequest command = CommandFor(request, principal, account_id);
  command.exclusive = true;
  command.decide = [&](const Views& views, Micros now) -> Result<Events> {
    if (const AccountState* account = views.account(account_id)) {
      if (Status match = CheckIfMatch(request, account->version); !match.ok()) {
        return match.error();
      }
    }
    return ChangePlan(ViewsStateView(views), account_id, plan,
                      CommandContext{principal.actor, now});
  };
  return RunAndRender(context, command,
                      [&](const Views& views, const app::CommandOutcome&) {
                        return RenderAccount(views, account_id, 200);
                      });
}

Result<Response> PatchSettingsRoute(ApiContext& context, const Request& request,
                                    const Principal& principal) {
  std::string account_id(request.Param("account"));
  Result<JsonBody> body = JsonBody::Parse(request);
  if (!body.ok()) return body.error();
  SettingsPatch patch;
  Nullable<int64_t> ttl = body->NullableInt("default_token_ttl_days");
  if (ttl.present) patch.default_token_ttl_days = ttl.value;
  patch.secret_visibility = body->OptionalString("secret_visibility");
  Nullable<int64_t> max_ttl = body->NullableInt("max_token_ttl_days");
  if (max_ttl.present) patch.max_token_ttl_days = max_ttl.value;
  Nullable<std::string> prefix = body->NullableString("token_prefix");
  if (prefix.present) patch.token_prefix = prefix.value;
  if (Status done = body->Finish(); !done.ok()) return done.error();

  app::CommandRequest command = CommandFor(request, principal, account_id);
  command.decide = [&](const Views& views, Micros now) -> Result<Events> {
    if (const AccountState* account = views.account(account_id)) {
      if (Status match = CheckIfMatch(request, account->version); !match.ok()) {
        return match.error();
      }
    }
    return ChangeSettings(ViewsStateView(views), account_id, patch,
                          CommandContext{principal.actor, now});
  };
  return RunAndRender(context, command,
                      [&](const Views& views, const app::CommandOutcome&) {
                        return RenderAccount(views, account_id, 200);
                      });
}

}  // namespace keytrail::http
