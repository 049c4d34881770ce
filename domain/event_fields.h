// The field list of every event and value type, written once and used by
// both encodings: the cereal binary payload (event_codec.cc, in list order)
// and the canonical JSON `data` object (event_json.cc, keyed by name).
//
//   VisitFields(value, visitor) calls visitor(name, field) for each field in
//   payload order; `value` may be const (JSON) or not (decoding).
//
// Fields whose JSON form differs from their C++ type are wrapped:
//   AsTime(micros)         an RFC 3339 string (null when nullopt);
//   AsNullable(string)     null when empty;
//   AsJsonText(string)     the canonical JSON the string holds, embedded as
//                          JSON (null when empty);
//   AsAddedLater(string)   left out of the JSON when empty: a field added by
//                          a later schema version, so that the events written
//                          before it (upcast with the field empty) keep the
//                          JSON, and so the leaf hash, they were logged with.
// Changing a list (order, type, a field added) changes the payload format:
// bump the event's kSchemaVersion and register an upcaster (upcaster.h). A
// field added to an event already in logs must be AsAddedLater and last.
#ifndef KEYTRAIL_DOMAIN_EVENT_FIELDS_H_
#define KEYTRAIL_DOMAIN_EVENT_FIELDS_H_

#include <concepts>
#include <type_traits>

#include "domain/events.h"
#include "domain/types.h"

namespace keytrail {

template <typename T>
struct TimeField {
  T& value;  // Micros or std::optional<Micros>, maybe const
};
template <typename T>
struct NullableField {
  T& value;  // std::string, maybe const
};
template <typename T>
struct AddedLaterField {
  T& value;  // std::string, maybe const
};
template <typename T>
struct JsonTextField {
  T& value;  // std::string holding canonical JSON or "", maybe const
};
template <typename T>
TimeField<T> AsTime(T& value) {
  return {value};
}
template <typename T>
NullableField<T> AsNullable(T& value) {
  return {value};
}
template <typename T>
AddedLaterField<T> AsAddedLater(T& value) {
  return {value};
}
template <typename T>
JsonTextField<T> AsJsonText(T& value) {
  return {value};
}

// `E` is `T` or `const T`.
template <typename E, typename T>
concept FieldsOf = std::same_as<std::remove_const_t<E>, T>;

#define KEYTRAIL_FIELDS(Type)       \
  template <typename E, typename V> \
  requires FieldsOf<E, Type>        \
  void VisitFields(E& e, V&& v)

KEYTRAIL_FIELDS(Plan) {
  v("name", e.name);
  v("api_access", e.api_access);
  v("max_active_tokens", e.max_active_tokens);
}
KEYTRAIL_FIELDS(AccountSettings) {
  v("default_token_ttl_days", e.default_token_ttl_days);
  v("secret_visibility", e.secret_visibility);
}
KEYTRAIL_FIELDS(RateLimit) {
  v("limit", e.limit);
  v("window_ms", e.window_ms);
}
KEYTRAIL_FIELDS(CreditRefill) {
  v("amount", e.amount);
  v("interval", e.interval);
}
KEYTRAIL_FIELDS(AccountCreated) {
  v("account_id", e.account_id);
  v("name", e.name);
  v("plan", e.plan);
  v("settings", e.settings);
}
KEYTRAIL_FIELDS(AccountPlanChanged) {
  v("account_id", e.account_id);
  v("plan", e.plan);
}
KEYTRAIL_FIELDS(AccountSettingsChanged) {
  v("account_id", e.account_id);
  v("settings", e.settings);
}
KEYTRAIL_FIELDS(AccountExpiryPolicyChanged) {
  v("account_id", e.account_id);
  v("max_token_ttl_days", e.max_token_ttl_days);
}
KEYTRAIL_FIELDS(AccountTokenPrefixChanged) {
  v("account_id", e.account_id);
  v("token_prefix", AsNullable(e.token_prefix));
}
KEYTRAIL_FIELDS(WebhookSubscribed) {
  v("account_id", e.account_id);
  v("webhook_id", e.webhook_id);
  v("url", e.url);
  v("events", e.events);
}
KEYTRAIL_FIELDS(WebhookUnsubscribed) {
  v("account_id", e.account_id);
  v("webhook_id", e.webhook_id);
}
KEYTRAIL_FIELDS(GroupCreated) {
  v("group_id", e.group_id);
  v("account_id", e.account_id);
  v("name", e.name);
  v("type", e.type);
  v("permissions", e.permissions);
}
KEYTRAIL_FIELDS(GroupUpdated) {
  v("group_id", e.group_id);
  v("account_id", e.account_id);
  v("name", e.name);
  v("permissions", e.permissions);
}
KEYTRAIL_FIELDS(GroupDeleted) {
  v("group_id", e.group_id);
  v("account_id", e.account_id);
}
KEYTRAIL_FIELDS(GroupBoundCidrsChanged) {
  v("group_id", e.group_id);
  v("account_id", e.account_id);
  v("bound_cidrs", e.bound_cidrs);
}
KEYTRAIL_FIELDS(GroupRateLimitChanged) {
  v("group_id", e.group_id);
  v("account_id", e.account_id);
  v("rate_limit", e.rate_limit);
}
KEYTRAIL_FIELDS(UserCreated) {
  v("user_id", e.user_id);
  v("account_id", e.account_id);
  v("email", e.email);
  v("name", AsNullable(e.name));
  v("groups", e.groups);
  v("licenses", e.licenses);
}
KEYTRAIL_FIELDS(UserUpdated) {
  v("user_id", e.user_id);
  v("account_id", e.account_id);
  v("name", AsNullable(e.name));
  v("groups", e.groups);
  v("licenses", e.licenses);
}
KEYTRAIL_FIELDS(UserDeactivated) {
  v("user_id", e.user_id);
  v("account_id", e.account_id);
}
KEYTRAIL_FIELDS(UserActivated) {
  v("user_id", e.user_id);
  v("account_id", e.account_id);
}
KEYTRAIL_FIELDS(TokenCreated) {
  v("token_id", e.token_id);
  v("account_id", e.account_id);
  v("name", e.name);
  v("description", AsNullable(e.description));
  v("kind", e.kind);
  v("groups", e.groups);
  v("user_id", AsNullable(e.user_id));
  v("expires_at", AsTime(e.expires_at));
  v("secret_sha256", e.secret_sha256);
  v("last4", e.last4);
}
KEYTRAIL_FIELDS(TokenPrefixAssigned) {
  v("token_id", e.token_id);
  v("account_id", e.account_id);
  v("secret_prefix", e.secret_prefix);
  v("environment", AsNullable(e.environment));
}
KEYTRAIL_FIELDS(TokenUpdated) {
  v("token_id", e.token_id);
  v("account_id", e.account_id);
  v("name", e.name);
  v("description", AsNullable(e.description));
  v("expires_at", AsTime(e.expires_at));
  v("groups", e.groups);
}
KEYTRAIL_FIELDS(TokenRegenerated) {
  v("token_id", e.token_id);
  v("account_id", e.account_id);
  v("secret_sha256", e.secret_sha256);
  v("last4", e.last4);
  v("previous_valid_until", AsTime(e.previous_valid_until));
}
KEYTRAIL_FIELDS(TokenRevealed) {
  v("token_id", e.token_id);
  v("account_id", e.account_id);
}
KEYTRAIL_FIELDS(TokenLookedUp) {
  v("token_id", e.token_id);
  v("account_id", e.account_id);
  v("secret_role", e.secret_role);
}
KEYTRAIL_FIELDS(TokenExpiring) {
  v("token_id", e.token_id);
  v("account_id", e.account_id);
  v("expires_at", AsTime(e.expires_at));
  v("within_days", e.within_days);
}
KEYTRAIL_FIELDS(TokenDisabled) {
  v("token_id", e.token_id);
  v("account_id", e.account_id);
  v("reason", e.reason);
}
KEYTRAIL_FIELDS(TokenEnabled) {
  v("token_id", e.token_id);
  v("account_id", e.account_id);
}
KEYTRAIL_FIELDS(TokenExpiryExtended) {
  v("token_id", e.token_id);
  v("account_id", e.account_id);
  v("expires_at", AsTime(e.expires_at));
}
KEYTRAIL_FIELDS(TokenMetadataChanged) {
  v("token_id", e.token_id);
  v("account_id", e.account_id);
  v("metadata", AsJsonText(e.metadata));
}
KEYTRAIL_FIELDS(TokenBoundCidrsChanged) {
  v("token_id", e.token_id);
  v("account_id", e.account_id);
  v("bound_cidrs", e.bound_cidrs);
}
KEYTRAIL_FIELDS(TokenRateLimitChanged) {
  v("token_id", e.token_id);
  v("account_id", e.account_id);
  v("rate_limit", e.rate_limit);
  v("identity", AsNullable(e.identity));
}
KEYTRAIL_FIELDS(TokenCreditsChanged) {
  v("token_id", e.token_id);
  v("account_id", e.account_id);
  v("remaining", e.remaining);
  v("refill", e.refill);
}
KEYTRAIL_FIELDS(CreditsLeased) {
  v("token_id", e.token_id);
  v("account_id", e.account_id);
  v("lease_id", e.lease_id);
  v("node", e.node);
  v("amount", e.amount);
  v("credits_version", e.credits_version);
  v("period", AsTime(e.period));
}
KEYTRAIL_FIELDS(CreditsReturned) {
  v("token_id", e.token_id);
  v("account_id", e.account_id);
  v("lease_id", e.lease_id);
  v("node", e.node);
  v("amount", e.amount);
  v("credits_version", e.credits_version);
  v("period", AsTime(e.period));
}
KEYTRAIL_FIELDS(TokenRevoked) {
  v("token_id", e.token_id);
  v("account_id", e.account_id);
}
KEYTRAIL_FIELDS(TokenUsed) {
  v("token_id", e.token_id);
  v("account_id", e.account_id);
  v("ip", AsNullable(e.ip));
  v("count", e.count);
  v("first_at", AsTime(e.first_at));
  v("last_at", AsTime(e.last_at));
  v("node", AsAddedLater(e.node));
}
KEYTRAIL_FIELDS(TokenUseRejected) {
  v("token_id", e.token_id);
  v("account_id", e.account_id);
  v("code", e.code);
  v("ip", AsNullable(e.ip));
  v("count", e.count);
  v("first_at", AsTime(e.first_at));
  v("last_at", AsTime(e.last_at));
  v("node", AsAddedLater(e.node));
}
KEYTRAIL_FIELDS(UnknownTokenRejected) {
  v("ip", AsNullable(e.ip));
  v("count", e.count);
  v("first_at", AsTime(e.first_at));
  v("last_at", AsTime(e.last_at));
  v("node", AsAddedLater(e.node));
}
KEYTRAIL_FIELDS(GrantAdded) {
  v("grant_id", e.grant_id);
  v("account_id", e.account_id);
  v("token_id", e.token_id);
  v("token_account_id", e.token_account_id);
  v("groups", e.groups);
}
KEYTRAIL_FIELDS(GrantRemoved) {
  v("grant_id", e.grant_id);
  v("account_id", e.account_id);
}
KEYTRAIL_FIELDS(ConsoleSignedIn) {
  v("session_id", e.session_id);
  v("account_id", e.account_id);
  v("token_id", e.token_id);
  v("user_id", AsNullable(e.user_id));
  v("session_sha256", e.session_sha256);
  v("token_secret_sha256", e.token_secret_sha256);
  v("expires_at", AsTime(e.expires_at));
  v("idle_seconds", e.idle_seconds);
}
KEYTRAIL_FIELDS(ConsoleSessionTouched) {
  v("session_id", e.session_id);
  v("account_id", e.account_id);
}
KEYTRAIL_FIELDS(ConsoleSignedOut) {
  v("session_id", e.session_id);
  v("account_id", e.account_id);
  v("reason", e.reason);
}
KEYTRAIL_FIELDS(ConsoleSignInFailed) {
  v("token_account_id", e.token_account_id);
  v("reason", e.reason);
}

#undef KEYTRAIL_FIELDS

}  // namespace keytrail

#endif  // KEYTRAIL_DOMAIN_EVENT_FIELDS_H_
