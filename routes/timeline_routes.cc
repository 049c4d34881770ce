// Timelines (docs/api.md §5), served from the usage projection: a token's events
// oldest first, its usage per IP or hour, an account's activity. Each waits
// until the projection holds what the engine had applied when the request
// began, so a timeline read after a command shows it. as_of does not apply.
//
// Windows: `since` (inclusive) and `until` (exclusive) are RFC 3339 times
// of the events; timeline and usage default to all time, activity to the
// last 24 hours. A TokenUsed event is stamped when its aggregate is
// flushed, at most about a second after its last use.
#include "domain/event_json.h"
#include "domain/permissions.h"
#include "routes/handler_support.h"
#include "routes/timeline_json.h"
#include "app/usage_recorder.h"
#include "routes/verify_routes.h"

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

Result<TimeWindow> WindowOf(const Request& request, Micros default_since) {
  Result<std::optional<Micros>> since = TimeParam(request, "since");
  if (!since.ok()) return since.error();
  Result<std::optional<Micros>> until = TimeParam(request, "until");
  if (!until.ok()) return until.error();
  TimeWindow window;
  window.since = since->value_or(default_since);
  if (*until) window.until = **until;
  return window;
}

// Authorizes tokens:view on the path's account and waits for the usage
// projection; returns the principal.
Result<Principal> Prepare(ApiContext& context, const Request& request) {
  Result<Principal> principal =
      Authorize(context, request, request.Param("account"), kPermTokensView);
  if (!principal.ok()) return principal;
  Status written = context.usage->projection().WaitUntilWritten(
      context.engine->applied_seq(), kProjectionWait);
  if (!written.ok()) return written.error();
  return principal;
}

Status CheckToken(ApiContext& context, const Request& request) {
  projections::ProjectionEngine::ReadLock views = context.engine->Read();
  const TokenState* token = views->token(request.Param("id"));
  if (token == nullptr || token->account_id != request.Param("account")) {
    return Error::Make(ErrorCode::kNotFound, "no such token");
  }
  return OkStatus();
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

Result<Response> TimelineRoute(ApiContext& context, const Request& request) {
  if (auto prepared = Prepare(context, request); !prepared.ok()) {
    return prepared.error();
  }
  if (Status found = CheckToken(context, request); !found.ok())
    return found.error();
  Result<TimeWindow> window = WindowOf(request, 0);
  if (!window.ok()) return window.error();
  Result<projections::PageRequest> page = PageFrom(request);
  if (!page.ok()) return page.error();
  Result<TimelinePage> timeline = context.usage->projection().Timeline(
      std::string(request.Param("id")), *window, *page);
  if (!timeline.ok()) return timeline.error();
  boost::json::array items;
  for (const TimelineEntry& entry : timeline->items) {
    items.push_back(TimelineEntryJson(entry));
  }
  return JsonResponse(200, PageObject(std::move(items), timeline->next_cursor));
}

Result<Response> UsageRoute(ApiContext& context, const Request& request) {
  if (auto prepared = Prepare(context, request); !prepared.ok()) {
    return prepared.error();
  }
  if (Status found = CheckToken(context, request); !found.ok())
    return found.error();
  std::string_view by_text = request.Query("by").value_or("ip");
  if (by_text != "ip" && by_text != "hour") {
    return Error::Invalid("by", "must be ip or hour");
  }
  UsageBy by = by_text == "ip" ? UsageBy::kIp : UsageBy::kHour;
  Result<TimeWindow> window = WindowOf(request, 0);
  if (!window.ok()) return window.error();
  Result<projections::PageRequest> page = PageFrom(request);
  if (!page.ok()) return page.error();
  Result<UsagePage> usage = context.usage->projection().Usage(
      std::string(request.Param("id")), *window, by, *page);
  if (!usage.ok()) return usage.error();
  boost::json::array items;
  for (const UsageBucket& bucket : usage->items) {
    boost::json::object item;
    if (by == UsageBy::kIp) {
      item["ip"] = bucket.ip;
    } else {
      item["hour"] = TimeJson(bucket.hour);
    }
    item["count"] = bucket.count;
    item["first_used_at"] = TimeJson(bucket.first_used_at);
    item["last_used_at"] = TimeJson(bucket.last_used_at);
    items.push_back(std::move(item));
  }
  boost::json::object out = PageObject(std::move(items), usage->next_cursor);
  out["by"] = by_text;
  return JsonResponse(200, out);
}

Result<Response> ActivityRoute(ApiContext& context, const Request& request) {
  if (auto prepared = Prepare(context, request); !prepared.ok()) {
    return prepared.error();
  }
  Result<TimeWindow> window =
      WindowOf(request, context.clock->Now() - kDefaultActivityWindow);
  if (!window.ok()) return window.error();
  Result<projections::PageRequest> page = PageFrom(request);
  if (!page.ok()) return page.error();
  Result<ActivityPage> activity = context.usage->projection().Activity(
      std::string(request.Param("account")), *window, *page);
  if (!activity.ok()) return activity.error();
  projections::ProjectionEngine::ReadLock views = context.engine->Read();
  boost::json::array items;
  for (const TokenActivity& a : activity->items) {
    const TokenState* token = views->token(a.token_id);
    boost::json::array ips;
    for (const std::string& ip : a.ips) ips.push_back(boost::json::string(ip));
    items.push_back(boost::json::object{
        {"token_id", a.token_id},
        {"name", token ? boost::json::value(token->name) : nullptr},
        {"kind", token ? boost::json::value(ToString(token->kind)) : nullptr},
        {"user", token ? OptionalStringJson(token->user_id) : nullptr},
        {"use_count", a.count},
        {"first_used_at", TimeJson(a.first_used_at)},
        {"last_used_at", TimeJson(a.last_used_at)},
        {"ips", std::move(ips)}});
  }
  return JsonResponse(200, PageObject(std::move(items), activity->next_cursor));
}

}  // namespace

Status AddTimelineRoutes(Router& router, ApiContext& context) {
  if (context.usage == nullptr) {
    return Error::Make(ErrorCode::kInvalid,
                       "timeline routes need ApiContext::usage");
  }
  ApiContext* ctx = &context;
  const std::string tokens = "/v1/accounts/{account}/tokens/{id}";
  return AddRoutes(
      router,
      {
          {"GET", tokens + "/timeline", "tokens.timeline",
           Handle([ctx](const Request& r) { return TimelineRoute(*ctx, r); }),
           true},
          {"GET", tokens + "/usage", "tokens.usage",
           Handle([ctx](const Request& r) { return UsageRoute(*ctx, r); }),
           true},
          {"GET", "/v1/accounts/{account}/activity", "accounts.activity",
           Handle([ctx](const Request& r) { return ActivityRoute(*ctx, r); }),
           true},
      });
}

}  // namespace keytrail::http
