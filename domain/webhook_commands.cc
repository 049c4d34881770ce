#include "domain/webhook_commands.h"

#include <algorithm>

#include "base/overloaded.h"
#include "domain/command_support.h"

namespace keytrail {
namespace {

// Whether `host` (with an optional :port) is the loopback interface.
bool IsLoopback(std::string_view host) {
  for (std::string_view name : {"127.0.0.1", "[::1]", "localhost"}) {
    if (host == name || (host.starts_with(name) && host.size() > name.size() &&
                         host[name.size()] == ':')) {
      return true;
    }
  }
  return false;
}

void CheckUrl(FieldErrors& errors, std::string_view url,
              bool allow_http_loopback) {
  if (url.size() > kMaxWebhookUrlLength) {
    errors.Add("url", "must be at most 2048 characters");
    return;
  }
  for (char c : url) {
    if (static_cast<unsigned char>(c) <= ' ' || c == 0x7f || c == '#') {
      errors.Add("url", "must have no spaces, control characters or fragment");
      return;
    }
  }
  const bool https = url.starts_with("https://");
  const bool http = url.starts_with("http://");
  const std::string_view rest = url.substr(https ? 8 : http ? 7 : 0);
  const std::string_view authority = rest.substr(0, rest.find_first_of("/?"));
  if (!https && !http) {
    errors.Add("url", "must be an https:// URL");
  } else if (authority.empty() || authority.front() == ':') {
    errors.Add("url", "must name a host");
  } else if (authority.find('@') != std::string_view::npos) {
    errors.Add("url", "must not hold user information");
  } else if (http && !(allow_http_loopback && IsLoopback(authority))) {
    errors.Add("url", "must be an https:// URL");
  }
}

void CheckKinds(FieldErrors& errors, const std::vector<std::string>& events) {
  if (events.empty()) errors.Add("events", "must name one or more kinds");
  const std::vector<std::string_view>& kinds = WebhookEventKinds();
  for (size_t i = 0; i < events.size(); ++i) {
    const std::string field = "events[" + std::to_string(i) + "]";
    if (std::find(kinds.begin(), kinds.end(), events[i]) == kinds.end()) {
      errors.Add(field, "is not a webhook event kind");
    } else if (std::find(events.begin(), events.begin() + i, events[i]) !=
               events.begin() + i) {
      errors.Add(field, "is repeated");
    }
  }
}

}  // namespace

const std::vector<std::string_view>& WebhookEventKinds() {
  static const std::vector<std::string_view> kinds = {
      kTokenCreatedKind,   kTokenRevokedKind,      kTokenDisabledKind,
      kTokenEnabledKind,   kTokenRegeneratedKind,  kTokenExpiringKind,
      kTokenUsedFromNewIp, kSecretLeakedLookupKind};
  return kinds;
}

std::optional<std::string_view> WebhookKindOf(const Event& event) {
  return std::visit(
      Overloaded{
          [](const TokenCreated&) -> std::optional<std::string_view> {
            return kTokenCreatedKind;
          },
          [](const TokenRevoked&) -> std::optional<std::string_view> {
            return kTokenRevokedKind;
          },
          [](const TokenDisabled&) -> std::optional<std::string_view> {
            return kTokenDisabledKind;
          },
          [](const TokenEnabled&) -> std::optional<std::string_view> {
            return kTokenEnabledKind;
          },
          [](const TokenRegenerated&) -> std::optional<std::string_view> {
            return kTokenRegeneratedKind;
          },
          [](const TokenExpiring&) -> std::optional<std::string_view> {
            return kTokenExpiringKind;
          },
          [](const TokenLookedUp&) -> std::optional<std::string_view> {
            return kSecretLeakedLookupKind;
          },
          [](const TokenUsed&) -> std::optional<std::string_view> {
            return kTokenUsedFromNewIp;
          },
          [](const auto&) -> std::optional<std::string_view> {
            return std::nullopt;
          }},
      event);
}

const WebhookSubscription* FindWebhook(const AccountState& account,
                                       std::string_view webhook_id) {
  for (const WebhookSubscription& webhook : account.webhooks) {
    if (webhook.id == webhook_id) return &webhook;
  }
  return nullptr;
}

Result<Events> SubscribeWebhook(const StateView& view,
                                std::string_view account_id,
                                std::string_view webhook_id,
                                const SubscribeWebhookInput& input,
                                const CommandContext&) {
  Result<const AccountState*> account = FindAccountOf(view, account_id);
  if (!account.ok()) return account.error();
  FieldErrors errors;
  CheckUrl(errors, input.url, input.allow_http_loopback);
  CheckKinds(errors, input.events);
  if (Status status = errors.ToStatus(); !status.ok()) return status.error();
  if ((*account)->webhooks.size() >= kMaxWebhooksPerAccount) {
    return Error::Make(ErrorCode::kConflict,
                       "the account has 20 webhooks already");
  }
  return Events{WebhookSubscribed{std::string(account_id),
                                  std::string(webhook_id), input.url,
                                  input.events}};
}

Result<Events> UnsubscribeWebhook(const StateView& view,
                                  std::string_view account_id,
                                  std::string_view webhook_id,
                                  const CommandContext&) {
  Result<const AccountState*> account = FindAccountOf(view, account_id);
  if (!account.ok()) return account.error();
  if (FindWebhook(**account, webhook_id) == nullptr) {
    return Error::Make(ErrorCode::kNotFound, "no such webhook");
  }
  return Events{
      WebhookUnsubscribed{std::string(account_id), std::string(webhook_id)}};
}

}  // namespace keytrail
