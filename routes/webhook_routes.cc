// Webhooks (docs/api.md "Webhooks"), settings:edit: subscribe (the signing
// secret made here, kept in the vault before the event is appended and
// shown once), list, unsubscribe (the secret destroyed), and the delivery
// log the deliverer (app/webhook_deliverer.h) keeps.
#include "app/token_secrets.h"
#include "app/webhook_deliverer.h"
#include "app/webhook_signature.h"
#include "domain/ids.h"
#include "domain/webhook_commands.h"
#include "projections/fold.h"
#include "projections/views_state_view.h"
#include "routes/handler_support.h"
#include "routes/handlers.h"

namespace keytrail::http {

namespace {

using projections::Views;
using projections::ViewsStateView;

boost::json::object WebhookJson(const WebhookSubscription& webhook) {
  boost::json::array events;
  for (const std::string& kind : webhook.events) events.emplace_back(kind);
  return {{"id", webhook.id},
          {"url", webhook.url},
          {"events", std::move(events)},
          {"created_at", projections::TimeJson(webhook.created_at)}};
}

Result<const WebhookSubscription*> FindWebhookOf(const Views& views,
                                                 std::string_view account_id,
                                                 std::string_view id) {
  const AccountState* account = views.account(account_id);
  const WebhookSubscription* webhook =
      account ? FindWebhook(*account, id) : nullptr;
  if (webhook == nullptr) {
    return Error::Make(ErrorCode::kNotFound, "no such webhook");
  }
  return webhook;
}

// The webhook an Idempotency-Key replay created: the event at its seq.
Result<std::string> ReplayedWebhookId(ApiContext& context,
                                      const app::CommandOutcome& outcome) {
  Result<std::vector<eventstore::RecordedEvent>> events =
      context.store->ReadAll(outcome.last_seq, 1);
  if (!events.ok()) return events.error();
  if (!events->empty()) {
    Result<Event> event = projections::DecodeRecorded(events->front());
    if (!event.ok()) return event.error();
    if (const auto* subscribed = std::get_if<WebhookSubscribed>(&*event)) {
      return subscribed->webhook_id;
    }
  }
  return Error::Make(ErrorCode::kInternal, "the replayed webhook is unknown");
}

}  // namespace

Result<Response> CreateWebhookRoute(ApiContext& context, const Request& request,
                                    const Principal& principal) {
  std::string account_id(request.Param("account"));
  Result<JsonBody> body = JsonBody::Parse(request);
  if (!body.ok()) return body.error();
  SubscribeWebhookInput input;
  input.url = body->RequireString("url");
  input.events = body->RequireStringArray("events");
  input.allow_http_loopback = context.webhooks_allow_http_loopback;
  if (Status done = body->Finish(); !done.ok()) return done.error();

  const std::string id = NewId(kWebhookIdPrefix, *context.random);
  const std::string secret = app::NewWebhookSecret(*context.random);
  app::CommandRequest command = CommandFor(request, principal, account_id);
  command.decide = [&](const Views& views, Micros now) {
    return SubscribeWebhook(ViewsStateView(views), account_id, id, input,
                            CommandContext{principal.actor, now});
  };
  Result<app::SecretOutcome> outcome =
      app::RunKeepingSecret(*context.runner, *context.vault,
                            /*revealable=*/true, id, secret, command);
  if (!outcome.ok()) return outcome.error();
  std::string created = id;
  if (outcome->command.replayed) {  // no second secret (docs/api.md §6)
    Result<std::string> replayed = ReplayedWebhookId(context, outcome->command);
    if (!replayed.ok()) return replayed.error();
    created = *replayed;
  }
  projections::ProjectionEngine::ReadLock views = context.engine->Read();
  Result<const WebhookSubscription*> webhook =
      FindWebhookOf(views.views(), account_id, created);
  if (!webhook.ok()) return webhook.error();
  boost::json::object json = WebhookJson(**webhook);
  if (!outcome->secret.empty()) json["secret"] = outcome->secret;
  return JsonResponse(201, json);
}

Result<Response> ListWebhooksRoute(ApiContext& context, const Request& request,
                                   const Principal& /*principal*/) {
  projections::ProjectionEngine::ReadLock views = context.engine->Read();
  const AccountState* account = views->account(request.Param("account"));
  if (account == nullptr) {
    return Error::Make(ErrorCode::kNotFound, "no such account");
  }
  boost::json::array items;
  for (const WebhookSubscription& webhook : account->webhooks) {
    items.push_back(WebhookJson(webhook));
  }
  return JsonResponse(200, boost::json::object{{"items", std::move(items)}});
}

Result<Response> DeleteWebhookRoute(ApiContext& context, const Request& request,
                                    const Principal& principal) {
  std::string account_id(request.Param("account"));
  std::string id(request.Param("id"));
  app::CommandRequest command = CommandFor(request, principal, account_id);
  command.decide = [&](const Views& views, Micros now) {
    return UnsubscribeWebhook(ViewsStateView(views), account_id, id,
                              CommandContext{principal.actor, now});
  };
  Result<app::CommandOutcome> outcome =
      app::DeleteForgettingSecret(*context.runner, *context.vault, id, command);
  if (!outcome.ok()) return outcome.error();
  return Response::Empty(204);
}

Result<Response> WebhookDeliveriesRoute(ApiContext& context,
                                        const Request& request,
                                        const Principal& /*principal*/) {
  std::string id(request.Param("id"));
  {
    projections::ProjectionEngine::ReadLock views = context.engine->Read();
    Result<const WebhookSubscription*> webhook =
        FindWebhookOf(views.views(), request.Param("account"), id);
    if (!webhook.ok()) return webhook.error();
  }
  Result<projections::PageRequest> page = PageFrom(request);
  if (!page.ok()) return page.error();
  if (request.Query("cursor")) {
    return Error::Invalid("cursor", "the delivery log has one page; use limit");
  }
  Result<std::vector<app::webhook_outbox::Attempt>> attempts =
      app::WebhookDeliveries(*context.store, id, page->limit);
  if (!attempts.ok()) return attempts.error();
  boost::json::array items;
  for (const app::webhook_outbox::Attempt& a : *attempts) {
    items.push_back(boost::json::object{
        {"delivery", id + "." + std::to_string(a.seq)},
        {"seq", a.seq},
        {"type", a.kind},
        {"attempt", a.attempt},
        {"at", projections::TimeJson(a.at)},
        {"status", a.status == 0 ? boost::json::value(nullptr)
                                 : boost::json::value(a.status)},
        {"error", projections::OptionalStringJson(a.error)},
        {"outcome", app::webhook_outbox::ToString(a.outcome)}});
  }
  return JsonResponse(200, boost::json::object{{"items", std::move(items)}});
}

}  // namespace keytrail::http
