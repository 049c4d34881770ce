// Webhooks (docs/api.md "Webhooks"), settings:edit: subscribe (the signing
// secret made here, kept in the vault before the event is appended and
// shown once), list, unsubscribe (the secret destroyed), and the delivery
// log the deliverer (app/webhook_deliverer.h) keeps.
#include "app/webhook_deliverer.h"
#include "routes/handler_support.h"
#include "routes/handlers.h"

namespace keytrail::http {

namespace {

using projections::Views;

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

  return RunCommand(
      context, request, principal,
      [&](const app::CommandServices& app, const app::Caller& caller) {
        return app::SubscribeWebhook(app, caller, account_id, input);
      },
      [&](const Views& views, const app::Created& created) -> Result<Response> {
        Result<const WebhookSubscription*> webhook =
            FindWebhookOf(views, account_id, created.id);
        if (!webhook.ok()) return webhook.error();
        boost::json::object json = WebhookJson(**webhook);
        // Shown this once; not on an Idempotency-Key replay.
        if (!created.secret.empty()) json["secret"] = created.secret;
        return JsonResponse(201, json);
      });
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
  return RunCommand(
      context, request, principal,
      [&](const app::CommandServices& app, const app::Caller& caller) {
        return app::UnsubscribeWebhook(app, caller, account_id, id);
      },
      [](const Views&, Ok) { return Result<Response>(Response::Empty(204)); });
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
