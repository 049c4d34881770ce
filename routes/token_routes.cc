// Tokens (docs/api.md §3): tokens:edit to create and change, tokens:renew to
// regenerate and reveal, tokens:view to read. A personal token is created
// only by its own user (Tiflux). The secret appears only in the response
// that created or regenerated it, and in :reveal for revealable accounts.
#include "domain/ids.h"
#include "domain/permissions.h"
#include "domain/secret.h"
#include "base/sha256.h"
#include "domain/token_commands.h"
#include "routes/handler_support.h"
#include "routes/routes.h"
#include "projections/views_state_view.h"

namespace keytrail::http {

namespace {

using projections::Views;
using projections::ViewsStateView;

Result<const TokenState*> FindToken(const Views& views,
                                    std::string_view account_id,
                                    std::string_view id) {
  return OwnedBy(views.token(id), account_id, "token");
}

boost::json::object TokenJsonIn(ApiContext& context, const Views& views,
                                const TokenState& token, Micros now) {
  const AccountState* account = views.account(token.account_id);
  return TokenJson(token, account ? account->plan : Plan{}, now,
                   LiveUsageOf(context, token.id));
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

bool IsRevealable(const Views& views, std::string_view account_id) {
  const AccountState* account = views.account(account_id);
  return account != nullptr &&
         account->settings.secret_visibility == SecretVisibility::kRevealable;
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

// Creates a token (group or personal, per `create`) and answers 201 with
// its secret. The secret is kept in the vault for revealable accounts.
Result<Response> CreateTokenWith(
    ApiContext& context, const Request& request, const Principal& principal,
    const std::function<Result<Events>(const Views&, const NewToken&,
                                       const CommandContext&)>& create) {
  std::string account_id(request.Param("account"));
  NewToken fresh{NewId(kTokenIdPrefix, *context.random),
                 GenerateSecret(*context.random)};
  app::CommandRequest command = CommandFor(request, principal, account_id);
  command.decide = [&](const Views& views, Micros now) {
    return create(views, fresh, CommandContext{principal.actor, now});
  };
  // A cap on active tokens is a rule across the account's tokens.
  {
    projections::ProjectionEngine::ReadLock views = context.engine->Read();
    const AccountState* account = views->account(account_id);
    command.exclusive = account && account->plan.max_active_tokens;
  }
  Result<app::CommandOutcome> outcome = context.runner->Run(command);
  if (!outcome.ok()) return outcome.error();
  projections::ProjectionEngine::ReadLock views = context.engine->Read();
  if (outcome->replayed) {  // no second secret (docs/api.md §6)
    return RenderToken(context, views.views(), account_id,
                       StreamAggregateId(outcome->replayed_stream), 201);
  }
  if (IsRevealable(views.views(), account_id)) {
    if (Status kept = context.vault->Keep(fresh.token_id, fresh.secret);
        !kept.ok()) {
      return kept.error();
    }
  }
  return RenderToken(context, views.views(), account_id, fresh.token_id, 201,
                     fresh.secret);
}

CreateTokenInput ReadCreateInput(JsonBody& body, bool group_token) {
  CreateTokenInput input;
  input.name = body.RequireString("name");
  input.description = body.OptionalString("description").value_or("");
  if (group_token) {
    input.groups = body.RequireStringArray("groups");
  }
  input.expires_at = ReadTime(body, "expires_at").value_or(std::nullopt);
  return input;
}

Result<Response> CreateGroupTokenRoute(ApiContext& context,
                                       const Request& request) {
  std::string account_id(request.Param("account"));
  Result<Principal> principal =
      Authorize(context, request, account_id, kPermTokensEdit);
  if (!principal.ok()) return principal.error();
  Result<JsonBody> body = JsonBody::Parse(request);
  if (!body.ok()) return body.error();
  CreateTokenInput input = ReadCreateInput(*body, true);
  if (Status done = body->Finish(); !done.ok()) return done.error();
  return CreateTokenWith(
      context, request, *principal,
      [&](const Views& views, const NewToken& fresh, const CommandContext& c) {
        return CreateGroupToken(ViewsStateView(views), account_id, input, fresh,
                                c);
      });
}

// Personal tokens: only the user itself (its own personal token, or
// Acting-User) creates one; no management permission is needed (Tiflux).
Result<Response> CreatePersonalTokenRoute(ApiContext& context,
                                          const Request& request) {
  std::string account_id(request.Param("account"));
  std::string user_id(request.Param("id"));
  Result<Principal> principal = Authorize(context, request, account_id, "");
  if (!principal.ok()) return principal.error();
  Result<JsonBody> body = JsonBody::Parse(request);
  if (!body.ok()) return body.error();
  CreateTokenInput input = ReadCreateInput(*body, false);
  if (Status done = body->Finish(); !done.ok()) return done.error();
  return CreateTokenWith(
      context, request, *principal,
      [&](const Views& views, const NewToken& fresh, const CommandContext& c) {
        return CreatePersonalToken(ViewsStateView(views), account_id, user_id,
                                   input, fresh, c);
      });
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

Result<Response> ListTokensRoute(ApiContext& context, const Request& request) {
  std::string account_id(request.Param("account"));
  Result<Principal> principal =
      Authorize(context, request, account_id, kPermTokensView);
  if (!principal.ok()) return principal.error();
  Result<projections::TokenQuery> query = ReadTokenQuery(context, request);
  if (!query.ok()) return query.error();
  Result<ReadViews> views = ViewsFor(context, request);
  if (!views.ok()) return views.error();
  Result<projections::Page<TokenState>> tokens = (*views)->ListTokens(*query);
  if (!tokens.ok()) return tokens.error();
  return JsonResponse(200, PageJson(*tokens, [&](const TokenState& token) {
                        return TokenJsonIn(context, **views, token, query->now);
                      }));
}

Result<Response> GetTokenRoute(ApiContext& context, const Request& request) {
  return ReadRoute(context, request,
                   [&](const Views& views, const std::string& account_id) {
                     return RenderToken(context, views, account_id,
                                        request.Param("id"), 200);
                   });
}

// Runs `change` on token `id` (after authorizing `permission` and checking
// If-Match) and answers with the token; `after` runs once the change is
// applied (vault upkeep) and may replace the answer.
using TokenChange = std::function<Result<Events>(
    const Views&, const std::string& account_id, const std::string& token_id,
    const CommandContext&)>;

Result<Response> ChangeToken(ApiContext& context, const Request& request,
                             const Principal& principal,
                             const TokenChange& change, bool exclusive,
                             int status = 200, bool* replayed = nullptr) {
  std::string account_id(request.Param("account"));
  std::string token_id(request.Param("id"));
  app::CommandRequest command = CommandFor(request, principal, account_id);
  command.exclusive = exclusive;
  command.decide = [&](const Views& views, Micros now) -> Result<Events> {
    Result<const TokenState*> token = FindToken(views, account_id, token_id);
    if (!token.ok()) return token.error();
    if (Status match = CheckIfMatch(request, (*token)->version); !match.ok()) {
      return match.error();
    }
    return change(views, account_id, token_id,
                  CommandContext{principal.actor, now});
  };
  return RunAndRender(
      context, command,
      [&](const Views& views, const app::CommandOutcome& outcome) {
        if (replayed != nullptr) *replayed = outcome.replayed;
        if (status == 204) return Result<Response>(Response::Empty(204));
        return RenderToken(context, views, account_id, token_id, status);
      });
}

Result<Response> PatchTokenRoute(ApiContext& context, const Request& request) {
  Result<Principal> principal =
      Authorize(context, request, request.Param("account"), kPermTokensEdit);
  if (!principal.ok()) return principal.error();
  Result<JsonBody> body = JsonBody::Parse(request);
  if (!body.ok()) return body.error();
  UpdateTokenInput input;
  input.name = body->OptionalString("name");
  input.description = body->OptionalString("description");
  input.expires_at = ReadTime(*body, "expires_at");
  input.groups = body->OptionalStringArray("groups");
  if (Status done = body->Finish(); !done.ok()) return done.error();
  return ChangeToken(
      context, request, *principal,
      [&](const Views& views, const std::string& account,
          const std::string& token, const CommandContext& c) {
        return UpdateToken(ViewsStateView(views), account, token, input, c);
      },
      /*exclusive=*/true);
}

// :disable, :enable and DELETE: one domain call each, no body.
Result<Response> LifecycleRoute(
    ApiContext& context, const Request& request,
    Result<Events> (*command)(const StateView&, std::string_view,
                              std::string_view, const CommandContext&),
    bool exclusive, int status) {
  Result<Principal> principal =
      Authorize(context, request, request.Param("account"), kPermTokensEdit);
  if (!principal.ok()) return principal.error();
  Result<Response> response = ChangeToken(
      context, request, *principal,
      [&](const Views& views, const std::string& account,
          const std::string& token, const CommandContext& c) {
        return command(ViewsStateView(views), account, token, c);
      },
      exclusive, status);
  if (response.ok() && command == RevokeToken) {
    // Deleting the token destroys a revealable secret for good (docs/api.md §2).
    if (Status forgot = context.vault->Forget(std::string(request.Param("id")));
        !forgot.ok()) {
      return forgot.error();
    }
  }
  return response;
}

Result<Response> RegenerateRoute(ApiContext& context, const Request& request) {
  std::string account_id(request.Param("account"));
  std::string token_id(request.Param("id"));
  Result<Principal> principal =
      Authorize(context, request, account_id, kPermTokensRenew);
  if (!principal.ok()) return principal.error();
  Result<JsonBody> body = JsonBody::Parse(request);
  if (!body.ok()) return body.error();
  int64_t grace_seconds = body->OptionalInt("grace_seconds").value_or(0);
  if (Status done = body->Finish(); !done.ok()) return done.error();

  const std::string secret = GenerateSecret(*context.random);
  bool replayed = false;
  Result<Response> response = ChangeToken(
      context, request, *principal,
      [&](const Views& views, const std::string& account,
          const std::string& token, const CommandContext& c) {
        return RegenerateToken(ViewsStateView(views), account, token,
                               grace_seconds, secret, c);
      },
      /*exclusive=*/false, 200, &replayed);
  if (!response.ok() || replayed) return response;  // no second secret
  projections::ProjectionEngine::ReadLock views = context.engine->Read();
  if (IsRevealable(views.views(), account_id)) {
    if (Status kept = context.vault->Keep(token_id, secret); !kept.ok()) {
      return kept.error();
    }
  }
  return RenderToken(context, views.views(), account_id, token_id, 200, secret);
}

Result<Response> RevealRoute(ApiContext& context, const Request& request) {
  std::string account_id(request.Param("account"));
  std::string token_id(request.Param("id"));
  Result<Principal> principal =
      Authorize(context, request, account_id, kPermTokensRenew);
  if (!principal.ok()) return principal.error();
  // Every reveal is its own audited event (docs/api.md §2): an Idempotency-Key
  // must not turn a second reveal into a silent replay.
  Request once = request;
  once.headers = Headers();
  for (const auto& [name, value] : request.headers) {
    if (!EqualsIgnoreCase(name, "Idempotency-Key")) {
      once.headers.Add(name, value);
    }
  }
  Result<Response> revealed = ChangeToken(
      context, once, *principal,
      [&](const Views& views, const std::string& account,
          const std::string& token, const CommandContext& c) {
        return RevealToken(ViewsStateView(views), account, token, c);
      },
      /*exclusive=*/false);
  if (!revealed.ok()) return revealed;
  Result<std::string> secret = context.vault->Open(token_id);
  std::optional<Sha256Digest> current_hash;
  {
    projections::ProjectionEngine::ReadLock views = context.engine->Read();
    if (const TokenState* token = views->token(token_id)) {
      current_hash = token->secret_sha256;
    }
  }
  if (!secret.ok() || !current_hash ||
      !ConstantTimeEquals(Sha256DigestOf(*secret), *current_hash)) {
    return Error::Make(ErrorCode::kNotRevealable,
                       "this secret was issued while the account did not "
                       "keep secrets revealable; regenerate the token");
  }
  boost::json::object out;
  out["id"] = token_id;
  out["secret"] = *secret;
  return JsonResponse(200, out);
}

}  // namespace

Status AddTokenRoutes(Router& router, ApiContext& context) {
  ApiContext* c = &context;
  const std::string base = "/v1/accounts/{account}/tokens";
  auto route = [](std::string method, std::string pattern, std::string name,
                  std::function<Result<Response>(const Request&)> fn) {
    return Route{std::move(method), std::move(pattern), std::move(name),
                 Handle(std::move(fn)), true};
  };
  return AddRoutes(
      router,
      {
          route("POST", base, "tokens.create",
                [c](const Request& r) { return CreateGroupTokenRoute(*c, r); }),
          route("POST", "/v1/accounts/{account}/users/{id}/tokens",
                "users.tokens.create",
                [c](const Request& r) {
                  return CreatePersonalTokenRoute(*c, r);
                }),
          route("GET", base, "tokens.list",
                [c](const Request& r) { return ListTokensRoute(*c, r); }),
          route("GET", base + "/{id}", "tokens.get",
                [c](const Request& r) { return GetTokenRoute(*c, r); }),
          route("PATCH", base + "/{id}", "tokens.patch",
                [c](const Request& r) { return PatchTokenRoute(*c, r); }),
          route("DELETE", base + "/{id}", "tokens.delete",
                [c](const Request& r) {
                  return LifecycleRoute(*c, r, RevokeToken, false, 204);
                }),
          route("POST", base + "/{id}:disable", "tokens.disable",
                [c](const Request& r) {
                  return LifecycleRoute(*c, r, DisableToken, false, 200);
                }),
          route("POST", base + "/{id}:enable", "tokens.enable",
                [c](const Request& r) {
                  return LifecycleRoute(*c, r, EnableToken, true, 200);
                }),
          route("POST", base + "/{id}:regenerate", "tokens.regenerate",
                [c](const Request& r) { return RegenerateRoute(*c, r); }),
          route("POST", base + "/{id}:reveal", "tokens.reveal",
                [c](const Request& r) { return RevealRoute(*c, r); }),
      });
}

}  // namespace keytrail::http
