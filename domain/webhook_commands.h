// Webhooks (docs/api.md "Webhooks"): an account subscribes an endpoint to
// kinds of events of its tokens; deliveries come from the log (app/
// webhook_deliverer.h). Both commands change the account (its stream); the
// caller checks settings:edit.
//
// The signing secret is made by the caller, shown once and kept in the
// vault: it never enters an event, a state or an error.
#ifndef KEYTRAIL_DOMAIN_WEBHOOK_COMMANDS_H_
#define KEYTRAIL_DOMAIN_WEBHOOK_COMMANDS_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/command.h"
#include "domain/state_view.h"

namespace keytrail {

inline constexpr size_t kMaxWebhooksPerAccount = 20;
inline constexpr size_t kMaxWebhookUrlLength = 2048;

// The kinds a webhook subscribes to, and the event each comes from:
// token.created (TokenCreated), token.revoked (TokenRevoked: revoke and
// DELETE), token.disabled (TokenDisabled), token.enabled (TokenEnabled),
// token.regenerated (TokenRegenerated), token.expiring (TokenExpiring:
// within 30, 7 or 1 day(s), domain/token_notices.h), secret.leaked_lookup
// (TokenLookedUp) and token.used_from_new_ip (TokenUsed, for the first use
// of a token from an IP: the deliverer knows which IPs are new, not this).
const std::vector<std::string_view>& WebhookEventKinds();

// The kinds, each spelled here only.
inline constexpr std::string_view kTokenCreatedKind = "token.created";
inline constexpr std::string_view kTokenRevokedKind = "token.revoked";
inline constexpr std::string_view kTokenDisabledKind = "token.disabled";
inline constexpr std::string_view kTokenEnabledKind = "token.enabled";
inline constexpr std::string_view kTokenRegeneratedKind = "token.regenerated";
inline constexpr std::string_view kTokenExpiringKind = "token.expiring";
inline constexpr std::string_view kSecretLeakedLookupKind =
    "secret.leaked_lookup";
inline constexpr std::string_view kTokenUsedFromNewIp =
    "token.used_from_new_ip";

// The kind `event` is delivered as, or nullopt when no webhook receives it.
// A TokenUsed is kTokenUsedFromNewIp, delivered only when its IP is new for
// the token.
std::optional<std::string_view> WebhookKindOf(const Event& event);

struct SubscribeWebhookInput {
  std::string url;
  std::vector<std::string> events;
  // serve --webhooks-allow-http-loopback: http:// to 127.0.0.1, [::1] or
  // localhost is accepted too (tests). Default: https:// only.
  bool allow_http_loopback = false;
};

// -> WebhookSubscribed. kNotFound (account); kInvalid: "url" not https://
// (see allow_http_loopback), longer than 2048, with user info, a fragment,
// spaces or no host; "events" empty, repeated or of an unknown kind;
// kConflict when the account has kMaxWebhooksPerAccount webhooks.
Result<Events> SubscribeWebhook(const StateView& view,
                                std::string_view account_id,
                                std::string_view webhook_id,
                                const SubscribeWebhookInput& input,
                                const CommandContext& context);

// -> WebhookUnsubscribed. kNotFound when the account has no such webhook.
Result<Events> UnsubscribeWebhook(const StateView& view,
                                  std::string_view account_id,
                                  std::string_view webhook_id,
                                  const CommandContext& context);

// The account's webhook `webhook_id`, or nullptr.
const WebhookSubscription* FindWebhook(const AccountState& account,
                                       std::string_view webhook_id);

}  // namespace keytrail

#endif  // KEYTRAIL_DOMAIN_WEBHOOK_COMMANDS_H_
