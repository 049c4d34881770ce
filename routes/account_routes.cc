// Accounts, plans and settings (docs/api.md §3): the operator creates accounts
// and changes plans; settings need settings:edit.
#include "domain/permissions.h"
#include "routes/handler_support.h"
#include "routes/handlers.h"

namespace keytrail::http {

namespace {

using projections::Views;

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

  return RunCommand(
      context, request, principal,
      [&](const app::CommandServices& app, const app::Caller& caller) {
        return app::CreateAccount(app, caller, input);
      },
      [](const Views& views, const app::Created& created) {
        return RenderAccount(views, created.id, 201);
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

  return RunCommand(
      context, request, principal,
      [&](const app::CommandServices& app, const app::Caller& caller) {
        return app::ChangePlan(app, caller, account_id, plan);
      },
      [&](const Views& views, Ok) {
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

  return RunCommand(
      context, request, principal,
      [&](const app::CommandServices& app, const app::Caller& caller) {
        return app::ChangeSettings(app, caller, account_id, patch);
      },
      [&](const Views& views, Ok) {
        return RenderAccount(views, account_id, 200);
      });
}

}  // namespace keytrail::http
