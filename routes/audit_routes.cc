#include "routes/audit_routes.h"

#include <charconv>

#include "base/canonical_json.h"
#include "base/hex.h"
#include "domain/permissions.h"
#include "domain/secret.h"
#include "base/sha256.h"
#include "routes/handler_support.h"
#include "audit/audit_events.h"
#include "audit/audit_key.h"

namespace keytrail::http::audit {
namespace {

constexpr size_t kDefaultLimit = 50;
constexpr size_t kMaxLimit = 1000;

Response CanonicalJson(const JsonValue& value) {
  return Response::Text(200, value.Serialize(), "application/json");
}

JsonValue HexList(const std::vector<std::string>& hashes) {
  JsonArray list;
  for (const std::string& hash : hashes) list.emplace_back(HexOf(hash));
  return JsonValue(std::move(list));
}

// The account of the token the request presents, or "" when there is none
// (Authorize() then answers 401). Only to choose the account to authorize
// in: Authorize() remains the one check.
std::string CallerAccount(ApiContext& context, const Request& request) {
  std::string_view secret = request.Header("x-api-key").value_or("");
  if (auto authorization = request.Header("Authorization");
      authorization && authorization->starts_with("Bearer ")) {
    secret = authorization->substr(7);
  }
  if (CheckSecretFormat(secret) != SecretFormat::kOk) return {};
  projections::ProjectionEngine::ReadLock views = context.engine->Read();
  auto match = views->FindSecret(Sha256DigestOf(secret), context.clock->Now());
  return match && match->token != nullptr ? match->token->account_id : "";
}

// Authorizes `audit:read` and returns the filter the caller may see: the
// account it is scoped to (empty for the operator without `account=`).
Result<AuditFilter> AuthorizeAudit(AuditContext& context,
                                   const Request& request) {
  std::optional<std::string_view> wanted = request.Query("account");
  const std::string account =
      wanted ? std::string(*wanted) : CallerAccount(*context.api, request);
  Result<Principal> principal =
      Authorize(*context.api, request, account, kPermAuditRead);
  if (!principal.ok()) return principal.error();
  AuditFilter filter;
  if (wanted || !principal->is_operator) filter.account = account;
  filter.type = std::string(request.Query("type").value_or(""));
  filter.stream = std::string(request.Query("stream").value_or(""));
  return filter;
}

// The unsigned integer query parameter `name`, or `fallback` when absent.
Result<uint64_t> NumberParam(const Request& request, std::string_view name,
                             std::optional<uint64_t> fallback) {
  std::optional<std::string_view> text = request.Query(name);
  if (!text) {
    if (fallback) return *fallback;
    return Error::Invalid(std::string(name), "is required");
  }
  uint64_t value = 0;
  auto [end, ec] = std::from_chars(text->data(), text->end(), value);
  if (ec != std::errc() || end != text->end() || text->empty()) {
    return Error::Invalid(std::string(name), "must be an unsigned integer");
  }
  return value;
}

// The size of the latest signed head.
Result<uint64_t> LatestSize(AuditContext& context) {
  std::optional<SignedTreeHead> head = context.publisher->Latest();
  if (!head) {
    return Error::Make(ErrorCode::kUnavailable, "no tree head is signed yet");
  }
  return head->tree_size;
}

Result<Response> ListRoute(AuditContext& context, const Request& request) {
  Result<AuditFilter> filter = AuthorizeAudit(context, request);
  if (!filter.ok()) return filter.error();
  AuditPageRequest page;
  Result<uint64_t> after = NumberParam(request, "after_seq", 0);
  if (!after.ok()) return after.error();
  page.after_seq = *after;
  Result<uint64_t> limit = NumberParam(request, "limit", kDefaultLimit);
  if (!limit.ok() || *limit < 1 || *limit > kMaxLimit) {
    return Error::Invalid("limit", "must be an integer from 1 to 1000");
  }
  page.limit = *limit;
  Result<AuditPage> read = ReadAuditPage(*context.api->store, *filter, page);
  if (!read.ok()) return read.error();
  return Response::Text(200, AuditPageJson(*read), "application/json");
}

Result<Response> HeadRoute(AuditContext& context, const Request& request) {
  Result<AuditFilter> filter = AuthorizeAudit(context, request);
  if (!filter.ok()) return filter.error();
  std::optional<SignedTreeHead> head;
  if (request.Query("tree_size")) {
    Result<uint64_t> size = NumberParam(request, "tree_size", std::nullopt);
    if (!size.ok()) return size.error();
    Result<std::optional<SignedTreeHead>> kept = context.heads->At(*size);
    if (!kept.ok()) return kept.error();
    head = std::move(*kept);
  } else {
    head = context.publisher->Latest();
  }
  if (!head) {
    return Error::Make(ErrorCode::kNotFound, "no tree head of that size");
  }
  return Response::Text(200, HeadJson(*head), "application/json");
}

Result<Response> PublicKeyRoute(AuditContext& context, const Request& request) {
  Result<AuditFilter> filter = AuthorizeAudit(context, request);
  if (!filter.ok()) return filter.error();
  return CanonicalJson(JsonObject{
      {"algorithm", JsonValue("Ed25519")},
      {"pem", JsonValue(PublicKeyPem(context.public_key))},
      {"public_key", JsonValue(HexOf(context.public_key))},
  });
}

Result<Response> InclusionRoute(AuditContext& context, const Request& request) {
  Result<AuditFilter> filter = AuthorizeAudit(context, request);
  if (!filter.ok()) return filter.error();
  Result<uint64_t> seq = NumberParam(request, "seq", std::nullopt);
  if (!seq.ok()) return seq.error();
  Result<uint64_t> latest = LatestSize(context);
  if (!latest.ok()) return latest.error();
  Result<uint64_t> size = NumberParam(request, "tree_size", *latest);
  if (!size.ok()) return size.error();
  eventstore::EventStore& store = *context.api->store;
  Result<std::vector<eventstore::RecordedEvent>> events =
      store.ReadAll(*seq, 1);
  if (!events.ok()) return events.error();
  if (events->empty() || events->front().seq != *seq) {
    return Error::Make(ErrorCode::kNotFound, "no event with that seq");
  }
  Result<AuditItem> item = RenderAuditItem(events->front());
  if (!item.ok()) return item.error();
  if (!filter->account.empty() && item->account != filter->account) {
    return Error::Make(ErrorCode::kNotFound, "no event with that seq");
  }
  Result<std::vector<std::string>> path = store.InclusionProof(*seq, *size);
  if (!path.ok()) return path.error();
  return CanonicalJson(JsonObject{
      {"audit_path", HexList(*path)},
      {"leaf_hash", JsonValue(HexOf(events->front().leaf_hash))},
      {"leaf_index", JsonValue(*seq - 1)},
      {"seq", JsonValue(*seq)},
      {"tree_size", JsonValue(*size)},
  });
}

Result<Response> ConsistencyRoute(AuditContext& context,
                                  const Request& request) {
  Result<AuditFilter> filter = AuthorizeAudit(context, request);
  if (!filter.ok()) return filter.error();
  Result<uint64_t> first = NumberParam(request, "first", std::nullopt);
  if (!first.ok()) return first.error();
  Result<uint64_t> latest = LatestSize(context);
  if (!latest.ok()) return latest.error();
  Result<uint64_t> second = NumberParam(request, "second", *latest);
  if (!second.ok()) return second.error();
  Result<std::vector<std::string>> path =
      context.api->store->ConsistencyProof(*first, *second);
  if (!path.ok()) return path.error();
  return CanonicalJson(JsonObject{
      {"consistency_path", HexList(*path)},
      {"first", JsonValue(*first)},
      {"second", JsonValue(*second)},
  });
}

Result<Response> StreamRoute(AuditContext& context, const Request& request) {
  Result<AuditFilter> filter = AuthorizeAudit(context, request);
  if (!filter.ok()) return filter.error();
  Result<uint64_t> after = NumberParam(request, "after_seq", 0);
  if (!after.ok()) return after.error();
  uint64_t after_seq = *after;
  if (std::optional<std::string_view> last = request.Header("Last-Event-ID")) {
    auto [end, ec] = std::from_chars(last->data(), last->end(), after_seq);
    if (ec != std::errc() || end != last->end() || last->empty()) {
      return Error::Invalid("Last-Event-ID", "must be a seq");
    }
  }
  Response response;
  response.status = 200;
  response.content_type = "text/event-stream";
  response.headers.Set("Cache-Control", "no-cache");
  response.headers.Set("X-Accel-Buffering", "no");  // nginx: do not buffer
  response.stream = context.feed->Open(std::move(*filter), after_seq);
  return response;
}

using RouteFn = Result<Response> (*)(AuditContext&, const Request&);

Route AuditRoute(std::string pattern, std::string name, RouteFn fn,
                 AuditContext* context) {
  return Route{
      "GET", std::move(pattern), std::move(name),
      Handle([fn, context](const Request& r) { return fn(*context, r); }),
      true};
}

}  // namespace

Status AddAuditRoutes(Router& router, AuditContext& context) {
  AuditContext* c = &context;
  return AddRoutes(
      router,
      {
          AuditRoute("/v1/audit", "audit.list", ListRoute, c),
          AuditRoute("/v1/audit/head", "audit.head", HeadRoute, c),
          AuditRoute("/v1/audit/public-key", "audit.public_key", PublicKeyRoute,
                     c),
          AuditRoute("/v1/audit/proof/inclusion", "audit.proof.inclusion",
                     InclusionRoute, c),
          AuditRoute("/v1/audit/proof/consistency", "audit.proof.consistency",
                     ConsistencyRoute, c),
          AuditRoute("/v1/audit/stream", "audit.stream", StreamRoute, c),
      });
}

}  // namespace keytrail::http::audit
