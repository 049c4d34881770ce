#include "app/offline_timeline.h"

#include <algorithm>
#include <chrono>
#include <memory>

#include "base/sha256.h"
#include "domain/secret.h"
#include "eventstore/event_store.h"
#include "projections/projection_engine.h"
#include "projections/use_window.h"

namespace keytrail::app {

namespace {

using projections::Views;

constexpr auto kCatchUpTimeout = std::chrono::minutes(10);

std::vector<const TokenState*> AllTokens(const Views& views) {
  std::vector<const TokenState*> tokens(
      views.tokens_of_account(kSystemAccount));
  projections::PageRequest page;
  page.limit = projections::kMaxPageLimit;
  while (true) {
    Result<projections::Page<AccountState>> listed = views.ListAccounts(page);
    if (!listed.ok()) break;
    for (const AccountState* account : listed->items) {
      const auto& of_account = views.tokens_of_account(account->id);
      tokens.insert(tokens.end(), of_account.begin(), of_account.end());
    }
    if (!listed->next_cursor) break;
    page.cursor = *listed->next_cursor;
  }
  return tokens;
}

// The token `selector` names (see OfflineTimelineRequest).
Result<const TokenState*> Resolve(const Views& views,
                                  const std::string& selector) {
  if (selector.starts_with("tok_")) {
    if (const TokenState* token = views.token(selector)) return token;
    return Error::Make(ErrorCode::kNotFound, "no token " + selector);
  }
  if (CheckSecretFormat(selector) == SecretFormat::kOk) {
    auto match = views.FindSecret(Sha256DigestOf(selector), INT64_MAX);
    if (match) return match->token;
    return Error::Make(ErrorCode::kNotFound, "no token has this secret");
  }
  if (const std::string_view prefix = SecretPrefixOf(selector);
      IsValidSecretPrefix(prefix) && selector.size() >= prefix.size() + 4) {
    std::string_view last4 =
        std::string_view(selector).substr(selector.size() - 4);
    std::vector<const TokenState*> found;
    for (const TokenState* token : AllTokens(views)) {
      if (token->last4 == last4) found.push_back(token);
    }
    if (found.size() == 1) return found.front();
    if (found.empty()) {
      return Error::Make(ErrorCode::kNotFound,
                         "no token's secret ends in " + std::string(last4));
    }
    std::string ids;
    for (const TokenState* token : found) ids += " " + token->id;
    return Error::Invalid("selector", "several tokens' secrets end in " +
                                          std::string(last4) + ":" + ids);
  }
  return Error::Invalid("selector",
                        "give a token id (tok_...), a secret or its masked "
                        "form (kt_...abcd)");
}

}  // namespace

Result<OfflineTimeline> ReadTimelineOffline(
    eventstore::EventStore& store, const OfflineTimelineRequest& request) {
  auto engine = projections::ProjectionEngine::Start(store, {});
  if (!engine.ok()) return engine.error();
  const uint64_t head = store.HeadSeq();
  if (Status applied = (*engine)->WaitUntilApplied(head, kCatchUpTimeout);
      !applied.ok()) {
    return applied.error();
  }
  auto projection = std::make_shared<projections::UsageProjection>(store);
  if (Status attached =
          projections::UsageProjection::AttachTo(projection, **engine);
      !attached.ok()) {
    return attached.error();
  }
  if (Status written = projection->WaitUntilWritten(head, kCatchUpTimeout);
      !written.ok()) {
    return written.error();
  }
  OfflineTimeline out;
  {
    projections::ProjectionEngine::ReadLock views = (*engine)->Read();
    Result<const TokenState*> token = Resolve(views.views(), request.selector);
    if (!token.ok()) return token.error();
    out.token_id = (*token)->id;
    out.account_id = (*token)->account_id;
    out.name = (*token)->name;
    out.revoked_at = projections::RevokedAt(**token);
  }
  projections::PageRequest page;
  page.limit = projections::kMaxPageLimit;
  while (true) {
    Result<projections::TimelinePage> timeline =
        projection->Timeline(out.token_id, request.window, page);
    if (!timeline.ok()) return timeline.error();
    std::move(timeline->items.begin(), timeline->items.end(),
              std::back_inserter(out.entries));
    if (!timeline->next_cursor) break;
    page.cursor = *timeline->next_cursor;
  }
  projection->Stop();
  Status stopped = (*engine)->Stop();
  (void)stopped;  // a checkpoint that could not be written costs a replay
  return out;
}

std::string FormatTimelineTable(const OfflineTimeline& timeline) {
  constexpr size_t kDetailWidth = 72;
  std::string out = "token " + timeline.token_id + " (" + timeline.name +
                    ") of account " + timeline.account_id + "\n";
  char line[512];
  std::snprintf(line, sizeof(line), "%-8s %-27s %-22s %-40s %-72s %s\n", "SEQ",
                "TIME", "TYPE", "ACTOR (token / user / ip)",
                "USE WINDOW (first .. last, count)", "DETAILS");
  out += line;
  for (const projections::TimelineEntry& entry : timeline.entries) {
    // A usage event's uses, apart from the time its flush was written.
    std::string use = "-";
    if (std::optional<projections::UseWindow> window =
            projections::UseWindowOf(entry, timeline.revoked_at)) {
      use = FormatRfc3339(window->first_at) + " .. " +
            FormatRfc3339(window->last_at) + " x" +
            std::to_string(window->count);
      if (window->after_revoke) use += " AFTER-REVOKE";
    }
    std::string actor =
        (entry.actor.token_id.empty() ? "-" : entry.actor.token_id) + " / " +
        (entry.actor.user_id.empty() ? "-" : entry.actor.user_id) + " / " +
        (entry.actor.ip.empty() ? "-" : entry.actor.ip);
    std::string details = entry.data_json;
    if (details.size() > kDetailWidth) {
      details = details.substr(0, kDetailWidth - 3) + "...";
    }
    std::snprintf(line, sizeof(line), "%-8llu %-27s %-22s %-40s %-72s %s\n",
                  static_cast<unsigned long long>(entry.seq),
                  FormatRfc3339(entry.time).c_str(), entry.type.c_str(),
                  actor.c_str(), use.c_str(), details.c_str());
    out += line;
  }
  out += std::to_string(timeline.entries.size()) + " events\n";
  return out;
}

}  // namespace keytrail::app
