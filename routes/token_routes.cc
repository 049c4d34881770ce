// Tokens (docs/api.md §3): tokens:edit to create and change, tokens:renew to
// regenerate and reveal, tokens:view to read. A personal token is created
// only by its own user (Tiflux). The secret appears only in the response
// that created or regenerated it, and in :reveal for revealable accounts.
#include <unordered_map>

#include "app/token_secrets.h"
#include "base/sha256.h"
#include "domain/ids.h"
#include "domain/permissions.h"
#include "domain/secret.h"
#include "domain/token_commands.h"
#include "projections/views_state_view.h"
#include "routes/handler_support.h"
#include "routes/handlers.h"

namespace keytrail::http {

namespace {

using projections::Views;
using projections::ViewsStateView;

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

// Whether the account keeps its tokens' secrets (revealable), now.
bool Revealable(ApiContext& context, std::string_view account_id) {
  projections::ProjectionEngine::ReadLock views = context.engine->Read();
  const AccountState* account = views->account(account_id);
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

// The prefix of a new secret of `account_id` in `environment` (an invalid
// environment, which the domain refuses, is left out).
std::string NewSecretPrefix(ApiContext& context, std::string_view account_id,
                            std::string_view environment) {
  projections::ProjectionEngine::ReadLock views = context.engine->Read();
  const AccountState* account = views->account(account_id);
  return SecretPrefixFor(account ? account->token_prefix : "",
                         IsValidEnvironment(environment) ? environment : "");
}

// Creates a token (group or personal, per `create`) in `environment` and
// answers 201 with its secret, kept in the vault first for revealable
// accounts.
Result<Response> CreateTokenWith(
    ApiContext& context, const Request& request, const Principal& principal,
    std::string_view environment,
    const std::function<Result<Events>(const Views&, const NewToken&,
                                       const CommandContext&)>& create) {
  std::string account_id(request.Param("account"));
  NewToken fresh{
      NewId(kTokenIdPrefix, *context.random),
      GenerateSecret(*context.random,
                     NewSecretPrefix(context, account_id, environment))};
  app::CommandRequest command = CommandFor(request, principal, account_id);
  command.decide = [&](const Views& views, Micros now) {
    return create(views, fresh, CommandContext{principal.actor, now});
  };
  Result<app::SecretOutcome> outcome = app::CreateKeepingSecret(
      *context.runner, *context.vault, Revealable(context, account_id),
      fresh.token_id, fresh.secret, std::move(command));
  if (!outcome.ok()) return outcome.error();
  projections::ProjectionEngine::ReadLock views = context.engine->Read();
  if (outcome->command.replayed) {  // no second secret (docs/api.md §6)
    return RenderToken(context, views.views(), account_id,
                       StreamAggregateId(outcome->command.replayed_stream),
                       201);
  }
  return RenderToken(context, views.views(), account_id, fresh.token_id, 201,
                     outcome->secret);
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

// A change of one token: the domain's decision on the views.
using TokenChange = std::function<Result<Events>(
    const Views&, const std::string& account_id, const std::string& token_id,
    const CommandContext&)>;

// The command that runs `change` on token {id} of {account}, after checking
// If-Match against the token's version. `request` must outlive it.
app::CommandRequest TokenCommand(const Request& request,
                                 const Principal& principal, TokenChange change,
                                 bool exclusive) {
  std::string account_id(request.Param("account"));
  std::string token_id(request.Param("id"));
  app::CommandRequest command = CommandFor(request, principal, account_id);
  command.exclusive = exclusive;
  command.decide = [&request, actor = principal.actor, account_id, token_id,
                    change = std::move(change)](const Views& views,
                                                Micros now) -> Result<Events> {
    Result<const TokenState*> token = FindToken(views, account_id, token_id);
    if (!token.ok()) return token.error();
    if (Status match = CheckIfMatch(request, (*token)->version); !match.ok()) {
      return match.error();
    }
    return change(views, account_id, token_id, CommandContext{actor, now});
  };
  return command;
}

// Runs `change` on token {id} and answers 200 with the token.
Result<Response> ChangeToken(ApiContext& context, const Request& request,
                             const Principal& principal,
                             const TokenChange& change, bool exclusive) {
  std::string account_id(request.Param("account"));
  std::string token_id(request.Param("id"));
  return RunAndRender(
      context, TokenCommand(request, principal, change, exclusive),
      [&](const Views& views, const app::CommandOutcome&) {
        return RenderToken(context, views, account_id, token_id, 200);
      });
}

using LifecycleCommand = Result<Events> (*)(const StateView&, std::string_view,
                                            std::string_view,
                                            const CommandContext&);

// The change of a body-less lifecycle command (:disable, :enable, DELETE).
TokenChange LifecycleChange(LifecycleCommand command) {
  return [command](const Views& views, const std::string& account,
                   const std::string& token, const CommandContext& c) {
    return command(ViewsStateView(views), account, token, c);
  };
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
  return CreateTokenWith(
      context, request, principal, input.environment,
      [&](const Views& views, const NewToken& fresh, const CommandContext& c) {
        return CreateGroupToken(ViewsStateView(views), account_id, input, fresh,
                                c);
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
  return CreateTokenWith(
      context, request, principal, input.environment,
      [&](const Views& views, const NewToken& fresh, const CommandContext& c) {
        return CreatePersonalToken(ViewsStateView(views), account_id, user_id,
                                   input, fresh, c);
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
      [&](const Views& views, const std::string& account,
          const std::string& token, const CommandContext& c) {
        return UpdateToken(ViewsStateView(views), account, token, input, c);
      },
      /*exclusive=*/true);
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
      [&](const Views& views, const std::string& account,
          const std::string& token, const CommandContext& c) {
        return ExtendToken(ViewsStateView(views), account, token, input, c);
      },
      /*exclusive=*/true);
}

Result<Response> RegenerateRoute(ApiContext& context, const Request& request,
                                 const Principal& principal) {
  std::string account_id(request.Param("account"));
  std::string token_id(request.Param("id"));
  Result<JsonBody> body = JsonBody::Parse(request);
  if (!body.ok()) return body.error();
  int64_t grace_seconds = body->OptionalInt("grace_seconds").value_or(0);
  if (Status done = body->Finish(); !done.ok()) return done.error();

  // A token's secrets keep the prefix it was created with; the domain
  // refuses a secret without it.
  std::string prefix(kSecretPrefix);
  {
    projections::ProjectionEngine::ReadLock views = context.engine->Read();
    if (const TokenState* token = views->token(token_id)) {
      prefix = TokenSecretPrefix(*token);
    }
  }
  const std::string secret = GenerateSecret(*context.random, prefix);
  app::CommandRequest command = TokenCommand(
      request, principal,
      [&](const Views& views, const std::string& account,
          const std::string& token, const CommandContext& c) {
        return RegenerateToken(ViewsStateView(views), account, token,
                               grace_seconds, secret, c);
      },
      /*exclusive=*/false);
  Result<app::SecretOutcome> outcome = app::RunKeepingSecret(
      *context.runner, *context.vault, Revealable(context, account_id),
      token_id, secret, command);
  if (!outcome.ok()) return outcome.error();
  projections::ProjectionEngine::ReadLock views = context.engine->Read();
  // A replay shows no second secret (outcome->secret is then empty).
  return RenderToken(context, views.views(), account_id, token_id, 200,
                     outcome->secret);
}

Result<Response> RevealRoute(ApiContext& context, const Request& request,
                             const Principal& principal) {
  std::string token_id(request.Param("id"));
  Result<std::string> secret = app::RevealKeptSecret(
      *context.runner, *context.vault, token_id,
      TokenCommand(
          request, principal,
          [&](const Views& views, const std::string& account,
              const std::string& token, const CommandContext& c) {
            return RevealToken(ViewsStateView(views), account, token, c);
          },
          /*exclusive=*/false));
  if (!secret.ok()) return secret.error();
  boost::json::object out;
  out["id"] = token_id;
  out["secret"] = *secret;
  return JsonResponse(200, out);
}

Result<Response> RevokeTokenRoute(ApiContext& context, const Request& request,
                                  const Principal& principal) {
  Result<app::CommandOutcome> outcome = app::DeleteForgettingSecret(
      *context.runner, *context.vault, std::string(request.Param("id")),
      TokenCommand(request, principal, LifecycleChange(RevokeToken),
                   /*exclusive=*/false));
  if (!outcome.ok()) return outcome.error();
  return Response::Empty(204);
}

Result<Response> DisableTokenRoute(ApiContext& context, const Request& request,
                                   const Principal& principal) {
  return ChangeToken(context, request, principal, LifecycleChange(DisableToken),
                     /*exclusive=*/false);
}

Result<Response> EnableTokenRoute(ApiContext& context, const Request& request,
                                  const Principal& principal) {
  // Enabling counts against a plan's cap: a rule across the account's tokens.
  return ChangeToken(context, request, principal, LifecycleChange(EnableToken),
                     /*exclusive=*/true);
}

}  // namespace keytrail::http
