// WarnExpiringTokens (expiry_warnings.h).
#include "app/expiry_warnings.h"

#include <algorithm>
#include <string>
#include <vector>

#include "domain/token_notices.h"
#include "domain/webhook_commands.h"
#include "projections/views_state_view.h"

namespace keytrail::app {

namespace {

bool WantsExpiryWarnings(const AccountState& account) {
  return std::any_of(account.webhooks.begin(), account.webhooks.end(),
                     [](const WebhookSubscription& webhook) {
                       return std::find(
                                  webhook.events.begin(), webhook.events.end(),
                                  kTokenExpiringKind) != webhook.events.end();
                     });
}

// The ids of the tokens due a warning at `now`.
Result<std::vector<std::string>> DueTokens(const projections::Views& views,
                                           Micros now) {
  std::vector<std::string> due;
  const projections::ViewsStateView state(views);
  projections::PageRequest page{projections::kMaxPageLimit, ""};
  for (;;) {
    Result<projections::Page<AccountState>> accounts = views.ListAccounts(page);
    if (!accounts.ok()) return accounts.error();
    for (const AccountState* account : accounts->items) {
      if (!WantsExpiryWarnings(*account)) continue;
      state.ForEachToken(account->id, [&](const TokenState& token) {
        if (DueExpiryWarning(token, now)) due.push_back(token.id);
      });
    }
    if (!accounts->next_cursor) return due;
    page.cursor = *accounts->next_cursor;
  }
}

}  // namespace

Result<size_t> WarnExpiringTokens(CommandRunner& runner,
                                  projections::ProjectionEngine& engine,
                                  Micros now) {
  Result<std::vector<std::string>> due = [&] {
    projections::ProjectionEngine::ReadLock views = engine.Read();
    return DueTokens(views.views(), now);
  }();
  if (!due.ok()) return due.error();
  size_t appended = 0;
  for (const std::string& token_id : *due) {
    CommandRequest command;
    command.actor = Actor{std::string(kSystemActorToken), "", ""};
    command.decide = [&token_id](const projections::Views& views, Micros at) {
      return WarnTokenExpiring(projections::ViewsStateView(views), token_id,
                               at);
    };
    Result<CommandOutcome> outcome = runner.Run(command);
    if (!outcome.ok()) return outcome.error();
    if (outcome->last_seq != 0) ++appended;
  }
  return appended;
}

}  // namespace keytrail::app
