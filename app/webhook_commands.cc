// Webhook subscriptions (app/commands.h). The signing secret is kept in the
// vault like a revealable token's (app/token_secrets.h), under the
// subscription's id.
#include "app/commands.h"
#include "app/token_secrets.h"
#include "app/webhook_signature.h"
#include "domain/ids.h"
#include "projections/fold.h"
#include "projections/views_state_view.h"

namespace keytrail::app {

namespace {

using projections::Views;
using projections::ViewsStateView;

// The subscription an Idempotency-Key replay created: the event at its seq
// (its stream is the account's, which does not name it).
Result<std::string> ReplayedWebhookId(const CommandServices& app,
                                      const CommandOutcome& outcome) {
  Result<std::vector<eventstore::RecordedEvent>> events =
      app.store->ReadAll(outcome.last_seq, 1);
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

Result<Created> SubscribeWebhook(const CommandServices& app,
                                 const Caller& caller,
                                 const std::string& account_id,
                                 const SubscribeWebhookInput& input) {
  const std::string id = NewId(kWebhookIdPrefix, *app.random);
  const std::string secret = NewWebhookSecret(*app.random);
  CommandRequest command = CommandRequestFor(caller, account_id);
  command.decide = [&](const Views& views, Micros now) {
    return keytrail::SubscribeWebhook(ViewsStateView(views), account_id, id,
                                      input, CommandContext{caller.actor, now});
  };
  Result<SecretOutcome> outcome = RunKeepingSecret(
      *app.runner, *app.vault, /*revealable=*/true, id, secret, command);
  if (!outcome.ok()) return outcome.error();
  if (!outcome->command.replayed) return Created{id, outcome->secret};
  Result<std::string> replayed = ReplayedWebhookId(app, outcome->command);
  if (!replayed.ok()) return replayed.error();
  return Created{*replayed, ""};  // no second secret (docs/api.md §6)
}

Status UnsubscribeWebhook(const CommandServices& app, const Caller& caller,
                          const std::string& account_id,
                          const std::string& webhook_id) {
  CommandRequest command = CommandRequestFor(caller, account_id);
  command.decide = [&](const Views& views, Micros now) {
    return keytrail::UnsubscribeWebhook(ViewsStateView(views), account_id,
                                        webhook_id,
                                        CommandContext{caller.actor, now});
  };
  return StatusOf(
      DeleteForgettingSecret(*app.runner, *app.vault, webhook_id, command));
}

}  // namespace keytrail::app
