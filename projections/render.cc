#include "projections/render.h"

#include "domain/credits.h"
#include "domain/secret.h"

namespace keytrail::projections {

namespace json = boost::json;

json::value TimeJson(std::optional<Micros> time) {
  if (!time) return nullptr;
  return json::string(FormatRfc3339(*time));
}

json::value OptionalStringJson(const std::string& value) {
  if (value.empty()) return nullptr;
  return json::string(value);
}

json::array StringsJson(const std::vector<std::string>& items) {
  json::array array;
  array.reserve(items.size());
  for (const std::string& item : items) array.emplace_back(item);
  return array;
}

json::value RateLimitJson(const std::optional<RateLimit>& limit) {
  if (!limit) return nullptr;
  return json::object{{"limit", limit->limit}, {"window_ms", limit->window_ms}};
}

json::value CreditsJson(const TokenRareFields& rare, Micros now) {
  const std::optional<int64_t> available = CreditsAvailable(rare, now);
  if (!available) return nullptr;
  json::object out;
  out["remaining"] = *available;
  out["leased"] = CreditsLeasedNow(rare, now);
  if (rare.credits_refill) {
    out["refill"] = json::object{{"amount", rare.credits_refill->amount},
                                 {"interval", rare.credits_refill->interval}};
  } else {
    out["refill"] = nullptr;
  }
  return out;
}

json::object AccountJson(const AccountState& account) {
  json::object plan;
  plan["name"] = account.plan.name;
  plan["api_access"] = account.plan.api_access;
  if (account.plan.max_active_tokens) {
    plan["max_active_tokens"] = *account.plan.max_active_tokens;
  } else {
    plan["max_active_tokens"] = nullptr;
  }
  json::object settings;
  if (account.settings.default_token_ttl_days) {
    settings["default_token_ttl_days"] =
        *account.settings.default_token_ttl_days;
  } else {
    settings["default_token_ttl_days"] = nullptr;
  }
  settings["secret_visibility"] =
      std::string(ToString(account.settings.secret_visibility));
  settings["token_prefix"] = account.token_prefix.empty()
                                 ? std::string(kSecretPrefix)
                                 : account.token_prefix;
  if (account.max_token_ttl_days) {
    settings["max_token_ttl_days"] = *account.max_token_ttl_days;
  } else {
    settings["max_token_ttl_days"] = nullptr;
  }
  json::object out;
  out["id"] = account.id;
  out["name"] = account.name;
  out["plan"] = std::move(plan);
  out["settings"] = std::move(settings);
  out["created_at"] = TimeJson(account.created_at);
  out["updated_at"] = TimeJson(account.updated_at);
  out["version"] = account.version;
  return out;
}

json::object GroupJson(const GroupState& group) {
  json::object out;
  out["id"] = group.id;
  out["account"] = group.account_id;
  out["name"] = group.name;
  out["type"] = std::string(ToString(group.type));
  out["permissions"] = StringsJson(group.permissions);
  out["bound_cidrs"] = StringsJson(group.bound_cidrs);
  out["rate_limit"] = RateLimitJson(group.rate_limit);
  out["created_at"] = TimeJson(group.created_at);
  out["updated_at"] = TimeJson(group.updated_at);
  out["version"] = group.version;
  return out;
}

json::object UserJson(const UserState& user) {
  json::object out;
  out["id"] = user.id;
  out["account"] = user.account_id;
  out["email"] = user.email;
  out["name"] = user.name;
  out["groups"] = StringsJson(user.groups);
  out["licenses"] = StringsJson(user.licenses);
  out["active"] = user.active;
  out["created_at"] = TimeJson(user.created_at);
  out["updated_at"] = TimeJson(user.updated_at);
  out["version"] = user.version;
  return out;
}

json::object GrantJson(const GrantState& grant) {
  json::object out;
  out["id"] = grant.id;
  out["account"] = grant.account_id;
  out["token"] = grant.token_id;
  out["token_account"] = grant.token_account_id;
  out["groups"] = StringsJson(grant.groups);
  out["created_at"] = TimeJson(grant.created_at);
  out["version"] = grant.version;
  return out;
}

LiveUsage ShownUsage(const TokenState& token,
                     const std::optional<LiveUsage>& live) {
  if (live && live->use_count >= token.use_count) return *live;
  return LiveUsage{token.last_used_at, token.last_used_ip, token.use_count};
}

json::object TokenJson(const TokenState& token, const Plan& plan, Micros now,
                       const std::optional<LiveUsage>& live) {
  const EffectiveStatus status = EffectiveStatusOf(token, plan, now);
  const LiveUsage usage = ShownUsage(token, live);

  json::object out;
  out["id"] = token.id;
  out["account"] = token.account_id;
  out["name"] = token.name;
  out["description"] = OptionalStringJson(token.rare->description);
  out["kind"] = std::string(ToString(token.kind));
  out["groups"] = StringsJson(token.groups);
  out["user"] = OptionalStringJson(token.user_id);
  out["status"] = status.status;
  out["disabled_reason"] = OptionalStringJson(status.disabled_reason);
  out["masked"] = Masked(TokenSecretPrefix(token), token.last4);
  out["environment"] = OptionalStringJson(token.rare->environment);
  out["expires_at"] = TimeJson(token.expires_at);
  out["metadata"] = token.rare->metadata.empty()
                        ? json::value(nullptr)
                        : json::parse(token.rare->metadata);
  out["bound_cidrs"] = StringsJson(token.rare->bound_cidrs);
  out["rate_limit"] = RateLimitJson(token.rare->rate_limit);
  out["identity"] = OptionalStringJson(token.rare->rate_identity);
  out["credits"] = CreditsJson(*token.rare, now);
  out["created_at"] = TimeJson(token.created_at);
  out["created_by"] = OptionalStringJson(ActorIdText(token.created_by));
  out["updated_at"] = TimeJson(token.updated_at);
  out["updated_by"] = OptionalStringJson(ActorIdText(token.updated_by));
  out["last_used_at"] = TimeJson(usage.last_used_at);
  out["last_used_ip"] = OptionalStringJson(usage.last_used_ip);
  out["use_count"] = usage.use_count;
  out["version"] = token.version;
  return out;
}

}  // namespace keytrail::projections
