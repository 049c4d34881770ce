#include "routes/handler_support.h"

#include <charconv>
#include <chrono>

#include "domain/permissions.h"
#include "domain/secret.h"
#include "http/router.h"

namespace keytrail::http {

namespace {

// Parses a decimal uint64 that is all digits; nullopt otherwise.
std::optional<uint64_t> ParseUnsigned(std::string_view text) {
  uint64_t value = 0;
  if (text.empty() || text.size() > 20) return std::nullopt;
  auto [end, ec] =
      std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) {
    return std::nullopt;
  }
  return value;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
    text.remove_prefix(1);
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
    text.remove_suffix(1);
  }
  return text;
}

}  // namespace

Error ForbiddenIpError() {
  return Error::Make(ErrorCode::kForbiddenIp,
                     "the token may not be used from this IP address");
}

std::string ClientIp(const ApiContext& context, const Request& request) {
  std::optional<std::string_view> forwarded = request.Header("X-Forwarded-For");
  if (!forwarded) return request.peer_ip;
  bool trusted = false;
  for (const std::string& proxy : context.trusted_proxies) {
    if (proxy == request.peer_ip) trusted = true;
  }
  if (!trusted) return request.peer_ip;
  std::string_view first = forwarded->substr(0, forwarded->find(','));
  first = Trim(first);
  if (first.empty() || first.size() > 45) return request.peer_ip;
  return std::string(first);
}

std::optional<std::optional<RateLimit>> ReadRateLimit(JsonBody& body) {
  Nullable<CanonicalObject> object = body.NullableObject("rate_limit");
  if (!object.present) return std::nullopt;
  if (!object.value) return std::optional<RateLimit>();
  Result<JsonBody> nested = JsonBody::Parse(object.value->text);
  if (!nested.ok()) return std::nullopt;  // cannot happen: an object
  RateLimit limit;
  limit.limit = nested->RequireInt("limit");
  limit.window_ms = nested->RequireInt("window_ms");
  if (Status done = nested->Finish(); !done.ok()) {
    for (const FieldError& field : done.error().fields) {
      body.AddError("rate_limit." + field.field, field.message);
    }
  }
  return limit;
}

namespace {

// Parses the object `object` holds into `read`, reporting its field errors
// under `prefix` + field in `body`.
template <typename Read>
void ReadNested(JsonBody& body, const std::string& prefix,
                const CanonicalObject& object, Read&& read) {
  Result<JsonBody> nested = JsonBody::Parse(object.text);
  if (!nested.ok()) return;  // cannot happen: an object
  read(*nested);
  if (Status done = nested->Finish(); !done.ok()) {
    for (const FieldError& field : done.error().fields) {
      body.AddError(prefix + field.field, field.message);
    }
  }
}

}  // namespace

std::optional<Credits> ReadCredits(JsonBody& body) {
  Nullable<CanonicalObject> object = body.NullableObject("credits");
  if (!object.present) return std::nullopt;
  Credits credits;
  if (!object.value) return credits;  // null: unlimited
  ReadNested(body, "credits.", *object.value, [&](JsonBody& nested) {
    if (!nested.Has("remaining")) nested.AddError("remaining", "is required");
    credits.remaining = nested.NullableInt("remaining").value;
    Nullable<CanonicalObject> refill = nested.NullableObject("refill");
    if (!refill.value) return;
    CreditRefill& into = credits.refill.emplace();
    ReadNested(nested, "refill.", *refill.value, [&](JsonBody& fields) {
      into.amount = fields.RequireInt("amount");
      into.interval = fields.RequireString("interval");
    });
  });
  return credits;
}

Result<ReadViews> ViewsFor(ApiContext& context, const Request& request) {
  ReadViews read;
  std::optional<std::string_view> as_of = request.Query("as_of");
  if (!as_of) {
    read.live_.emplace(context.engine->Read());
    read.views_ = &read.live_->views();
    return read;
  }
  Result<projections::AsOf> point = projections::ParseAsOf(*as_of);
  if (!point.ok()) return point.error();
  Result<std::shared_ptr<const projections::Views>> past =
      context.past->ViewsAsOf(*point);
  if (!past.ok()) return past.error();
  read.past_ = std::move(past).value();
  read.views_ = read.past_.get();
  return read;
}

Result<projections::PageRequest> PageFrom(const Request& request) {
  projections::PageRequest page;
  if (std::optional<std::string_view> limit = request.Query("limit")) {
    std::optional<uint64_t> value = ParseUnsigned(*limit);
    if (!value || *value < 1 || *value > projections::kMaxPageLimit) {
      return Error::Invalid("limit", "must be an integer from 1 to 1000");
    }
    page.limit = *value;
  }
  if (std::optional<std::string_view> cursor = request.Query("cursor")) {
    page.cursor = std::string(*cursor);
  }
  return page;
}

Response JsonWithETag(int status, boost::json::object body, uint64_t version) {
  Response response = JsonResponse(status, body);
  response.headers.Set("ETag", "\"" + std::to_string(version) + "\"");
  return response;
}

Result<app::Caller> CallerOf(const Request& request,
                             const Principal& principal) {
  app::Caller caller;
  caller.actor = principal.actor;
  if (std::optional<std::string_view> key = request.Header("Idempotency-Key");
      key && request.method == "POST" && !key->empty()) {
    caller.idempotency_key = std::string(*key);
    caller.request_hash =
        Sha256Hex(request.method + " " + request.path + "\n" + request.body);
  }
  std::optional<std::string_view> header = request.Header("If-Match");
  if (!header) return caller;
  std::string_view text = Trim(*header);
  if (text == "*") return caller;
  if (text.starts_with("W/")) text.remove_prefix(2);
  if (text.size() < 2 || text.front() != '"' || text.back() != '"') {
    return Error::Invalid("If-Match", "must be a quoted version: \"3\"");
  }
  caller.expected_version = ParseUnsigned(text.substr(1, text.size() - 2));
  if (!caller.expected_version) {
    return Error::Invalid("If-Match", "must be a quoted version: \"3\"");
  }
  return caller;
}

app::CommandServices CommandsOf(const ApiContext& context) {
  return {context.runner, context.vault, context.random, context.store};
}

Result<Response> ReadRoute(ApiContext& context, const Request& request,
                           const ReadFn& read) {
  std::string account_id(request.Param("account"));
  Result<ReadViews> views = ViewsFor(context, request);
  if (!views.ok()) return views.error();
  return read(**views, account_id);
}

Status AddRoutes(Router& router, std::vector<Route> routes) {
  for (Route& route : routes) {
    if (Status added = router.Add(std::move(route)); !added.ok()) {
      return added;
    }
  }
  return OkStatus();
}

Handler Handle(std::function<Result<Response>(const Request&)> handler) {
  return [handler = std::move(handler)](const Request& request) {
    Result<Response> response = handler(request);
    if (!response.ok()) return ProblemResponse(response.error());
    return std::move(response).value();
  };
}

Status CatchUpWithCluster(ApiContext& context) {
  // As long as a command waits for its own append to be applied.
  constexpr std::chrono::milliseconds kCatchUpTimeout{10'000};
  Result<uint64_t> shared_head = context.store->SyncSharedHead();
  if (!shared_head.ok()) return shared_head.error();
  if (*shared_head == 0) return OkStatus();
  return context.engine->WaitUntilApplied(*shared_head, kCatchUpTimeout);
}

}  // namespace keytrail::http
