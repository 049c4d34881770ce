// Timelines (docs/api.md §5), served from the usage projection: a token's
// events oldest first, its usage per IP or hour, an account's activity and
// its analytics (verifications counted by outcome per bucket). Each
// waits until the projection holds what the engine had applied when the request
// began, so a timeline read after a command shows it. as_of does not apply.
//
// Windows: `since` (inclusive) and `until` (exclusive) are RFC 3339 times
// of the events; timeline and usage default to all time, activity to the
// last 24 hours, analytics too (since must be before until). A TokenUsed event
// is stamped when its aggregate is flushed, at most about a second after its
// last use.
#include "app/usage_recorder.h"
#include "domain/event_json.h"
#include "domain/permissions.h"
#include "projections/use_window.h"
#include "routes/handler_support.h"
#include "routes/handlers.h"
#include "routes/timeline_json.h"

namespace keytrail::http {

namespace {

constexpr auto kProjectionWait = std::chrono::seconds(5);
constexpr Micros kDefaultActivityWindow = 24 * 3600 * kMicrosPerSecond;

Result<std::optional<Micros>> TimeParam(const Request& request,
                                        std::string_view name) {
  std::optional<std::string_view> text = request.Query(name);
  if (!text) return std::optional<Micros>();
  std::optional<Micros> time = ParseRfc3339(*text);
  if (!time)
    return Error::Invalid(std::string(name), "must be an RFC 3339 time");
  return time;
}

Result<projections::TimeWindow> WindowOf(const Request& request,
                                         Micros default_since) {
  Result<std::optional<Micros>> since = TimeParam(request, "since");
  if (!since.ok()) return since.error();
  Result<std::optional<Micros>> until = TimeParam(request, "until");
  if (!until.ok()) return until.error();
  projections::TimeWindow window;
  window.since = since->value_or(default_since);
  if (*until) window.until = **until;
  return window;
}

// Waits until the usage projection holds what the engine had applied when
// the request began (a timeline read after a command shows it).
Status Prepare(ApiContext& context) {
  return context.usage->projection().WaitUntilWritten(
      context.engine->applied_seq(), kProjectionWait);
}

// The path's token must be of the path's account; returns its revoke time
// (RevokedAt), if any.
Result<std::optional<Micros>> CheckToken(ApiContext& context,
                                         const Request& request) {
  projections::ProjectionEngine::ReadLock views = context.engine->Read();
  const TokenState* token = views->token(request.Param("id"));
  if (token == nullptr || token->account_id != request.Param("account")) {
    return Error::Make(ErrorCode::kNotFound, "no such token");
  }
  return projections::RevokedAt(*token);
}

boost::json::object PageObject(boost::json::array items,
                               const std::optional<std::string>& next) {
  boost::json::object out;
  out["items"] = std::move(items);
  if (next) {
    out["next_cursor"] = *next;
  } else {
    out["next_cursor"] = nullptr;
  }
  return out;
}

}  // namespace

Result<Response> TimelineRoute(ApiContext& context, const Request& request,
                               const Principal& /*principal*/) {
  if (Status prepared = Prepare(context); !prepared.ok()) {
    return prepared.error();
  }
  Result<std::optional<Micros>> revoked_at = CheckToken(context, request);
  if (!revoked_at.ok()) return revoked_at.error();
  Result<projections::TimeWindow> window = WindowOf(request, 0);
  if (!window.ok()) return window.error();
  Result<projections::PageRequest> page = PageFrom(request);
  if (!page.ok()) return page.error();
  Result<projections::TimelinePage> timeline =
      context.usage->projection().Timeline(std::string(request.Param("id")),
                                           *window, *page);
  if (!timeline.ok()) return timeline.error();
  boost::json::array items;
  for (const projections::TimelineEntry& entry : timeline->items) {
    items.push_back(TimelineEntryJson(entry, *revoked_at));
  }
  return JsonResponse(200, PageObject(std::move(items), timeline->next_cursor));
}

Result<Response> UsageRoute(ApiContext& context, const Request& request,
                            const Principal& /*principal*/) {
  if (Status prepared = Prepare(context); !prepared.ok()) {
    return prepared.error();
  }
  if (auto found = CheckToken(context, request); !found.ok()) {
    return found.error();
  }
  std::string_view by_text = request.Query("by").value_or("ip");
  if (by_text != "ip" && by_text != "hour") {
    return Error::Invalid("by", "must be ip or hour");
  }
  projections::UsageBy by =
      by_text == "ip" ? projections::UsageBy::kIp : projections::UsageBy::kHour;
  Result<projections::TimeWindow> window = WindowOf(request, 0);
  if (!window.ok()) return window.error();
  Result<projections::PageRequest> page = PageFrom(request);
  if (!page.ok()) return page.error();
  Result<projections::UsagePage> usage = context.usage->projection().Usage(
      std::string(request.Param("id")), *window, by, *page);
  if (!usage.ok()) return usage.error();
  boost::json::array items;
  for (const projections::UsageBucket& bucket : usage->items) {
    boost::json::object item;
    if (by == projections::UsageBy::kIp) {
      item["ip"] = bucket.ip;
    } else {
      item["hour"] = projections::TimeJson(bucket.hour);
    }
    item["count"] = bucket.count;
    item["first_used_at"] = projections::TimeJson(bucket.first_used_at);
    item["last_used_at"] = projections::TimeJson(bucket.last_used_at);
    items.push_back(std::move(item));
  }
  boost::json::object out = PageObject(std::move(items), usage->next_cursor);
  out["by"] = by_text;
  return JsonResponse(200, out);
}

Result<Response> ActivityRoute(ApiContext& context, const Request& request,
                               const Principal& /*principal*/) {
  if (Status prepared = Prepare(context); !prepared.ok()) {
    return prepared.error();
  }
  Result<projections::TimeWindow> window =
      WindowOf(request, context.clock->Now() - kDefaultActivityWindow);
  if (!window.ok()) return window.error();
  Result<projections::PageRequest> page = PageFrom(request);
  if (!page.ok()) return page.error();
  Result<projections::ActivityPage> activity =
      context.usage->projection().Activity(
          std::string(request.Param("account")), *window, *page);
  if (!activity.ok()) return activity.error();
  projections::ProjectionEngine::ReadLock views = context.engine->Read();
  boost::json::array items;
  for (const projections::TokenActivity& a : activity->items) {
    const TokenState* token = views->token(a.token_id);
    boost::json::array ips;
    for (const std::string& ip : a.ips) ips.push_back(boost::json::string(ip));
    items.push_back(boost::json::object{
        {"token_id", a.token_id},
        {"name", token ? boost::json::value(token->name) : nullptr},
        {"kind", token ? boost::json::value(ToString(token->kind)) : nullptr},
        {"user",
         token ? projections::OptionalStringJson(token->user_id) : nullptr},
        {"use_count", a.count},
        {"first_used_at", projections::TimeJson(a.first_used_at)},
        {"last_used_at", projections::TimeJson(a.last_used_at)},
        {"ips", std::move(ips)}});
  }
  return JsonResponse(200, PageObject(std::move(items), activity->next_cursor));
}

namespace {

std::optional<projections::AnalyticsBy> ParseAnalyticsBy(std::string_view by) {
  if (by == "outcome") return projections::AnalyticsBy::kOutcome;
  if (by == "token") return projections::AnalyticsBy::kToken;
  if (by == "hour") return projections::AnalyticsBy::kHour;
  if (by == "ip") return projections::AnalyticsBy::kIp;
  return std::nullopt;
}

boost::json::object AnalyticsBucketJson(const projections::AnalyticsBucket& b,
                                        std::string_view by) {
  boost::json::object item;
  if (by == "hour") {
    item["hour"] = projections::TimeJson(b.hour);
  } else {
    item[by == "token" ? "token_id" : by] = b.key;
  }
  boost::json::object counts;
  for (const auto& [outcome, count] : b.counts) counts[outcome] = count;
  item["counts"] = std::move(counts);
  item["total"] = b.total;
  return item;
}

}  // namespace

Result<Response> AnalyticsRoute(ApiContext& context, const Request& request,
                                const Principal& /*principal*/) {
  const std::string_view by_text = request.Query("by").value_or("outcome");
  std::optional<projections::AnalyticsBy> by = ParseAnalyticsBy(by_text);
  if (!by) return Error::Invalid("by", "must be outcome, token, hour or ip");
  Result<projections::TimeWindow> window =
      WindowOf(request, context.clock->Now() - kDefaultActivityWindow);
  if (!window.ok()) return window.error();
  if (window->since >= window->until) {
    return Error::Invalid("until", "must be later than since");
  }
  if (request.Query("cursor")) {
    return Error::Invalid("cursor", "analytics has one page; use limit");
  }
  Result<projections::PageRequest> page = PageFrom(request);
  if (!page.ok()) return page.error();
  if (Status prepared = Prepare(context); !prepared.ok()) {
    return prepared.error();
  }
  Result<projections::AnalyticsResult> analytics =
      context.usage->projection().Analytics(
          std::string(request.Param("account")), *window, *by, page->limit);
  if (!analytics.ok()) return analytics.error();
  boost::json::array items;
  for (const projections::AnalyticsBucket& bucket : analytics->items) {
    items.push_back(AnalyticsBucketJson(bucket, by_text));
  }
  boost::json::object out;
  out["by"] = by_text;
  out["since"] = projections::TimeJson(window->since);
  if (window->until == INT64_MAX) {
    out["until"] = nullptr;
  } else {
    out["until"] = projections::TimeJson(window->until);
  }
  out["items"] = std::move(items);
  out["truncated"] = analytics->truncated;
  return JsonResponse(200, out);
}

}  // namespace keytrail::http
