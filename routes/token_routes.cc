// Tokens (docs/api.md §3): tokens:edit to create and change, tokens:renew to
// regenerate and reveal, tokens:view to read. A personal token is created
// only by its own user (Tiflux). The secret appears only in the response
// that created or regenerated it, and in :reveal for revealable accounts.
#include <unordered_map>
#include <utility>

#include "domain/permissions.h"
#include "routes/handler_support.h"
#include "routes/handlers.h"

namespace keytrail::http {

namespace {

using projections::Views;

Result<const TokenState*> FindToken(const Views& views,
                                    std::string_view account_id,
                                    std::string_view id) {
  return OwnedBy(views.token(id), account_id, "token");
}

// `live`: the token's live usage when already read; null reads it now.
boost::json::object TokenJsonIn(
    ApiContext& context, const Views& views, const TokenState& token,
    Micros now, const std::optional<projections::LiveUsage>* live = nullptr) {
  const AccountState* account = views.account(token.account_id);
  return projections::TokenJson(token, account ? account->plan : Plan{}, now,
                                live ? *live : LiveUsageOf(context, token.id));
}

// The token `id` as JSON, with `secret` when given.
Result<Response> RenderToken(ApiContext& context, const Views& views,
                             std::string_view account_id, std::string_view id,
                             int status, const std::string& secret = "") {
  Result<const TokenState*> token = FindToken(views, account_id, id);
  if (!token.ok()) return token.error();
  boost::json::object json =
      TokenJsonIn(context, views, **token, context.clock->Now());
  if (!secret.empty()) json["secret"] = secret;
  return JsonWithETag(status, std::move(json), (*token)->version);
}

// Reads an RFC 3339 field; records a field error when it is not one.
std::optional<std::optional<Micros>> ReadTime(JsonBody& body,
                                              std::string_view field) {
  Nullable<std::string> text = body.NullableString(field);
  if (!text.present) return std::nullopt;
  if (!text.value) return std::optional<Micros>();
  std::optional<Micros> time = ParseRfc3339(*text.value);
  if (!time) body.AddError(std::string(field), "must be an RFC 3339 time");
  return time;
}

// Runs `command` (a token command of app/commands.h) on token {id} and
// answers 200 with the token.
template <typename Command>
Result<Response> ChangeToken(ApiContext& context, const Request& request,
                             const Principal& principal, Command&& command) {
  std::string account_id(request.Param("account"));
  std::string token_id(request.Param("id"));
  return RunCommand(
      context, request, principal,
      [&](const app::CommandServices& app, const app::Caller& caller) {
        return command(app, caller, account_id, token_id);
      },
      [&](const Views& views, Ok) {
        return RenderToken(context, views, account_id, token_id, 200);
      });
}

// Runs `create` (app::CreateGroupToken or app::CreatePersonalToken bound
// to its input) and answers 201 with the token of `account_id` it made and
// its secret, shown this once.
template <typename Create>
Result<Response> CreateTokenRoute(ApiContext& context, const Request& request,
                                  const Principal& principal,
                                  const std::string& account_id,
                                  Create&& create) {
  return RunCommand(context, request, principal, std::forward<Create>(create),
                    [&](const Views& views, const app::Created& created) {
                      return RenderToken(context, views, account_id, created.id,
                                         201, created.secret);
                    });
}

CreateTokenInput ReadCreateInput(JsonBody& body, bool group_token) {
  CreateTokenInput input;
  input.name = body.RequireString("name");
  input.description = body.OptionalString("description").value_or("");
  if (group_token) {
    input.groups = body.RequireStringArray("groups");
  }
  input.expires_at = ReadTime(body, "expires_at").value_or(std::nullopt);
  input.environment = body.OptionalString("environment").value_or("");
  if (Nullable<CanonicalObject> metadata = body.NullableObject("metadata");
      metadata.value) {
    input.settings.metadata = std::move(metadata.value->text);
  }
  input.settings.bound_cidrs = body.OptionalStringArray("bound_cidrs")
                                   .value_or(std::vector<std::string>{});
  input.settings.rate_limit = ReadRateLimit(body).value_or(std::nullopt);
  input.settings.identity = body.OptionalString("identity").value_or("");
  input.settings.credits = ReadCredits(body);
  return input;
}

Result<projections::TokenQuery> ReadTokenQuery(ApiContext& context,
                                               const Request& request) {
  projections::TokenQuery query;
  query.account_id = std::string(request.Param("account"));
  query.q = std::string(request.Query("q").value_or(""));
  query.status = std::string(request.Query("status").value_or(""));
  query.group_id = std::string(request.Query("group").value_or(""));
  query.user_id = std::string(request.Query("user").value_or(""));
  query.now = context.clock->Now();
  if (auto since = request.Query("updated_since")) {
    query.updated_since = ParseRfc3339(*since);
    if (!query.updated_since) {
      return Error::Invalid("updated_since", "must be an RFC 3339 time");
    }
  }
  if (auto sort = request.Query("sort")) {
    std::optional<projections::TokenSort> parsed =
        projections::ParseTokenSort(*sort);
    if (!parsed) {
      return Error::Invalid(
          "sort", "must be name, created_at, updated_at or last_used_at");
    }
    query.sort = *parsed;
  }
  if (auto order = request.Query("order")) {
    std::optional<projections::SortOrder> parsed =
        projections::ParseSortOrder(*order);
    if (!parsed) return Error::Invalid("order", "must be asc or desc");
    query.order = *parsed;
  }
  Result<projections::PageRequest> page = PageFrom(request);
  if (!page.ok()) return page.error();
  query.page = *page;
  return query;
}

}  // namespace

Result<Response> CreateGroupTokenRoute(ApiContext& context,
                                       const Request& request,
                                       const Principal& principal) {
  std::string account_id(request.Param("account"));
  Result<JsonBody> body = JsonBody::Parse(request);
  if (!body.ok()) return body.error();
  CreateTokenInput input = ReadCreateInput(*body, true);
  if (Status done = body->Finish(); !done.ok()) return done.error();
  return CreateTokenRoute(
      context, request, principal, account_id,
      [&](const app::CommandServices& app, const app::Caller& caller) {
        return app::CreateGroupToken(app, caller, account_id, input);
      });
}

// Personal tokens: only the user itself (its own personal token, or
// Acting-User) creates one; no management permission is needed (Tiflux).
Result<Response> CreatePersonalTokenRoute(ApiContext& context,
                                          const Request& request,
                                          const Principal& principal) {
  std::string account_id(request.Param("account"));
  std::string user_id(request.Param("id"));
  Result<JsonBody> body = JsonBody::Parse(request);
  if (!body.ok()) return body.error();
  CreateTokenInput input = ReadCreateInput(*body, false);
  if (Status done = body->Finish(); !done.ok()) return done.error();
  return CreateTokenRoute(
      context, request, principal, account_id,
      [&](const app::CommandServices& app, const app::Caller& caller) {
        return app::CreatePersonalToken(app, caller, account_id, user_id,
                                        input);
      });
}

Result<Response> ListTokensRoute(ApiContext& context, const Request& request,
                                 const Principal& /*principal*/) {
  std::string account_id(request.Param("account"));
  Result<projections::TokenQuery> query = ReadTokenQuery(context, request);
  if (!query.ok()) return query.error();
  Result<ReadViews> views = ViewsFor(context, request);
  if (!views.ok()) return views.error();
  // The live usage read once per token, so that sort=last_used_at orders
  // by exactly the last_used_at each token is then shown with.
  std::unordered_map<std::string_view, std::optional<projections::LiveUsage>>
      live;
  if (query->sort == projections::TokenSort::kLastUsedAt) {
    query->shown_last_used_at = [&](const TokenState& token) {
      std::optional<projections::LiveUsage>& usage = live[token.id];
      usage = LiveUsageOf(context, token.id);
      return ShownUsage(token, usage).last_used_at;
    };
  }
  Result<projections::Page<TokenState>> tokens = (*views)->ListTokens(*query);
  if (!tokens.ok()) return tokens.error();
  return JsonResponse(200, PageJson(*tokens, [&](const TokenState& token) {
                        auto read = live.find(token.id);
                        return TokenJsonIn(
                            context, **views, token, query->now,
                            read == live.end() ? nullptr : &read->second);
                      }));
}

Result<Response> GetTokenRoute(ApiContext& context, const Request& request,
                               const Principal& /*principal*/) {
  return ReadRoute(context, request,
                   [&](const Views& views, const std::string& account_id) {
                     return RenderToken(context, views, account_id,
                                        request.Param("id"), 200);
                   });
}

Result<Response> PatchTokenRoute(ApiContext& context, const Request& request,
                                 const Principal& principal) {
  Result<JsonBody> body = JsonBody::Parse(request);
  if (!body.ok()) return body.error();
  UpdateTokenInput input;
  input.name = body->OptionalString("name");
  input.description = body->OptionalString("description");
  input.expires_at = ReadTime(*body, "expires_at");
  input.groups = body->OptionalStringArray("groups");
  if (Nullable<CanonicalObject> metadata = body->NullableObject("metadata");
      metadata.present) {
    // null removes the metadata.
    input.metadata = metadata.value ? std::move(metadata.value->text) : "";
  }
  input.bound_cidrs = body->OptionalStringArray("bound_cidrs");
  input.rate_limit = ReadRateLimit(*body);
  if (Nullable<std::string> identity = body->NullableString("identity");
      identity.present) {
    input.identity = identity.value.value_or("");  // null: the token's own
  }
  input.credits = ReadCredits(*body);
  if (Status done = body->Finish(); !done.ok()) return done.error();
  return ChangeToken(
      context, request, principal,
      [&](const app::CommandServices& app, const app::Caller& caller,
          const std::string& account_id, const std::string& token_id) {
        return app::UpdateToken(app, caller, account_id, token_id, input);
      });
}

Result<Response> ExtendTokenRoute(ApiContext& context, const Request& request,
                                  const Principal& principal) {
  Result<JsonBody> body = JsonBody::Parse(request);
  if (!body.ok()) return body.error();
  ExtendTokenInput input;
  input.expires_at = ReadTime(*body, "expires_at").value_or(std::nullopt);
  input.days = body->OptionalInt("days");
  if (Status done = body->Finish(); !done.ok()) return done.error();
  return ChangeToken(
      context, request, principal,
      [&](const app::CommandServices& app, const app::Caller& caller,
          const std::string& account_id, const std::string& token_id) {
        return app::ExtendToken(app, caller, account_id, token_id, input);
      });
}

Result<Response> RegenerateRoute(ApiContext& context, const Request& request,
                                 const Principal& principal) {
  std::string account_id(request.Param("account"));
  std::string token_id(request.Param("id"));
  Result<JsonBody> body = JsonBody::Parse(request);
  if (!body.ok()) return body.error();
  int64_t grace_seconds = body->OptionalInt("grace_seconds").value_or(0);
  if (Status done = body->Finish(); !done.ok()) return done.error();

  return RunCommand(
      context, request, principal,
      [&](const app::CommandServices& app, const app::Caller& caller) {
        return app::RegenerateToken(app, caller, account_id, token_id,
                                    grace_seconds);
      },
      [&](const Views& views, const std::string& secret) {
        // A replay shows no second secret (`secret` is then empty).
        return RenderToken(context, views, account_id, token_id, 200, secret);
      });
}

Result<Response> RevealRoute(ApiContext& context, const Request& request,
                             const Principal& principal) {
  std::string account_id(request.Param("account"));
  std::string token_id(request.Param("id"));
  return RunCommand(
      context, request, principal,
      [&](const app::CommandServices& app, const app::Caller& caller) {
        return app::RevealToken(app, caller, account_id, token_id);
      },
      [&](const Views&, const std::string& secret) {
        boost::json::object out;
        out["id"] = token_id;
        out["secret"] = secret;
        return JsonResponse(200, out);
      });
}

Result<Response> RevokeTokenRoute(ApiContext& context, const Request& request,
                                  const Principal& principal) {
  std::string account_id(request.Param("account"));
  std::string token_id(request.Param("id"));
  return RunCommand(
      context, request, principal,
      [&](const app::CommandServices& app, const app::Caller& caller) {
        return app::RevokeToken(app, caller, account_id, token_id);
      },
      [](const Views&, Ok) { return Result<Response>(Response::Empty(204)); });
}

Result<Response> DisableTokenRoute(ApiContext& context, const Request& request,
                                   const Principal& principal) {
  return ChangeToken(context, request, principal, app::DisableToken);
}

Result<Response> EnableTokenRoute(ApiContext& context, const Request& request,
                                  const Principal& principal) {
  return ChangeToken(context, request, principal, app::EnableToken);
}

}  // namespace keytrail::http
