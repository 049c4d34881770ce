// UsageProjection's queries: each scans only the rows of its window.
// Pagination uses the one cursor helper (projections/cursor.h): timelines
// resume after the (time, seq) of the last row served; usage buckets and
// activity are aggregated per window and then paginated in order.
#include <algorithm>
#include <map>
#include <set>

#include "domain/event_codec.h"
#include "domain/event_json.h"
#include "projections/usage_format.h"
#include "projections/usage_projection.h"

namespace keytrail::projections {

namespace uf = usage_format;
using projections::PageRequest;

namespace {

constexpr Micros kMicrosPerHour = 3600 * kMicrosPerSecond;

size_t LimitOf(const PageRequest& page) {
  return std::clamp<size_t>(page.limit, 1, projections::kMaxPageLimit);
}

// The first key to read: the window's start, or just after the cursor.
Result<std::string> StartKey(std::string_view list, const std::string& first,
                             const PageRequest& page) {
  if (page.cursor.empty()) return first;
  Result<projections::CursorPosition> after =
      projections::DecodeCursor(list, page.cursor);
  if (!after.ok()) return after.error();
  if (after->key < first) return first;
  return after->key + std::string(1, '\0');  // strictly after
}

Result<TimelineEntry> EntryOf(const std::string& key,
                              const std::string& value) {
  std::optional<uf::KeyPosition> position = uf::DecodeKeyPosition(key);
  std::optional<uf::EventSummary> summary = uf::DecodeSummary(value);
  if (!position || !summary) {
    return Error::Make(ErrorCode::kCorruption, "usage table: bad row");
  }
  Result<Event> event =
      DecodeEvent(summary->type, summary->schema_version, summary->payload);
  if (!event.ok()) return event.error();
  return TimelineEntry{position->seq, position->time, summary->type,
                       summary->actor, EventData(*event).Serialize()};
}

// Calls `fn(used, time)` for each TokenUsed of `token_id` in `window`.
template <typename Fn>
Status ForEachUse(eventstore::SideTable& table, const std::string& token_id,
                  const TimeWindow& window, Fn&& fn) {
  std::optional<Error> failure;
  Status scanned = table.Scan(
      uf::TokenTimeKey(token_id, window.since),
      uf::TokenTimeKey(token_id, window.until),
      [&](const std::string&, const std::string& value) {
        std::optional<uf::EventSummary> summary = uf::DecodeSummary(value);
        if (!summary) {
          failure = Error::Make(ErrorCode::kCorruption, "usage table: bad row");
          return false;
        }
        if (summary->type != TokenUsed::kType) return true;
        Result<Event> event = DecodeEvent(
            summary->type, summary->schema_version, summary->payload);
        if (!event.ok()) {
          failure = event.error();
          return false;
        }
        fn(std::get<TokenUsed>(*event));
        return true;
      });
  if (!scanned.ok()) return scanned;
  if (failure) return *failure;
  return OkStatus();
}

// Orders `items` by `key_of` (in `order`) and cuts the page after the
// cursor; the cursor holds the last item's key.
template <typename T, typename KeyFn>
Result<std::pair<std::vector<T>, std::optional<std::string>>> PageOf(
    std::string_view list, std::vector<T> items, KeyFn&& key_of,
    projections::SortOrder order, const PageRequest& page) {
  std::vector<projections::SortedItem<T>> sorted;
  std::vector<std::string> ids(items.size());
  sorted.reserve(items.size());
  for (size_t i = 0; i < items.size(); ++i) {
    sorted.push_back({key_of(items[i]), &ids[i], &items[i]});
  }
  Result<projections::Page<T>> paged =
      projections::Paginate(list, std::move(sorted), order, page);
  if (!paged.ok()) return paged.error();
  std::vector<T> out;
  out.reserve(paged->items.size());
  for (const T* item : paged->items) out.push_back(*item);
  return std::make_pair(std::move(out), paged->next_cursor);
}

}  // namespace

Result<TimelinePage> UsageProjection::Timeline(const std::string& token_id,
                                               const TimeWindow& window,
                                               const PageRequest& page) const {
  const std::string list = "timeline/" + token_id;
  Result<std::string> from =
      StartKey(list, uf::TokenTimeKey(token_id, window.since), page);
  if (!from.ok()) return from.error();
  const size_t limit = LimitOf(page);
  TimelinePage out;
  std::optional<Error> failure;
  std::string last_key;
  bool more = false;
  Status scanned =
      table_->Scan(*from, uf::TokenTimeKey(token_id, window.until),
                   [&](const std::string& key, const std::string& value) {
                     if (out.items.size() == limit) {
                       more = true;
                       return false;
                     }
                     Result<TimelineEntry> entry = EntryOf(key, value);
                     if (!entry.ok()) {
                       failure = entry.error();
                       return false;
                     }
                     out.items.push_back(std::move(entry).value());
                     last_key = key;
                     return true;
                   });
  if (!scanned.ok()) return scanned.error();
  if (failure) return *failure;
  if (more) out.next_cursor = projections::EncodeCursor(list, {last_key, ""});
  return out;
}

Result<UsagePage> UsageProjection::Usage(const std::string& token_id,
                                         const TimeWindow& window, UsageBy by,
                                         const PageRequest& page) const {
  std::map<std::string, UsageBucket> buckets;
  Status scanned =
      ForEachUse(*table_, token_id, window, [&](const TokenUsed& e) {
        UsageBucket bucket;
        std::string key;
        if (by == UsageBy::kIp) {
          bucket.ip = e.ip;
          key = e.ip;
        } else {
          bucket.hour =
              e.first_at -
              ((e.first_at % kMicrosPerHour) + kMicrosPerHour) % kMicrosPerHour;
          key = projections::TimeSortKey(bucket.hour);
        }
        auto [it, fresh] = buckets.try_emplace(key, bucket);
        UsageBucket& b = it->second;
        b.first_used_at =
            fresh ? e.first_at : std::min(b.first_used_at, e.first_at);
        b.last_used_at =
            fresh ? e.last_at : std::max(b.last_used_at, e.last_at);
        b.count += e.count;
      });
  if (!scanned.ok()) return scanned.error();
  std::vector<UsageBucket> items;
  items.reserve(buckets.size());
  for (auto& [key, bucket] : buckets) items.push_back(std::move(bucket));
  auto key_of = [by](const UsageBucket& b) {
    return by == UsageBy::kIp ? b.ip : projections::TimeSortKey(b.hour);
  };
  std::string list =
      std::string(by == UsageBy::kIp ? "usage/ip/" : "usage/hour/") + token_id;
  auto paged = PageOf(list, std::move(items), key_of,
                      projections::SortOrder::kAsc, page);
  if (!paged.ok()) return paged.error();
  return UsagePage{std::move(paged->first), std::move(paged->second)};
}

Result<ActivityPage> UsageProjection::Activity(const std::string& account_id,
                                               const TimeWindow& window,
                                               const PageRequest& page) const {
  std::map<std::string, TokenActivity> tokens;
  std::map<std::string, std::set<std::string>> ips;
  bool corrupt = false;
  Status scanned = table_->Scan(
      uf::AccountTimeKey(account_id, window.since),
      uf::AccountTimeKey(account_id, window.until),
      [&](const std::string&, const std::string& value) {
        std::optional<uf::AccountUse> use = uf::DecodeAccountUse(value);
        if (!use) {
          corrupt = true;
          return false;
        }
        auto [it, fresh] = tokens.try_emplace(use->token_id);
        TokenActivity& a = it->second;
        a.token_id = use->token_id;
        a.first_used_at =
            fresh ? use->first_at : std::min(a.first_used_at, use->first_at);
        a.last_used_at =
            fresh ? use->last_at : std::max(a.last_used_at, use->last_at);
        a.count += use->count;
        ips[use->token_id].insert(use->ip);
        return true;
      });
  if (!scanned.ok()) return scanned.error();
  if (corrupt) {
    return Error::Make(ErrorCode::kCorruption, "usage table: bad row");
  }
  std::vector<TokenActivity> items;
  items.reserve(tokens.size());
  for (auto& [id, activity] : tokens) {
    const std::set<std::string>& seen = ips[id];
    activity.ips.assign(seen.begin(), seen.end());
    items.push_back(std::move(activity));
  }
  auto key_of = [](const TokenActivity& a) {
    return projections::TimeSortKey(a.last_used_at) + a.token_id;
  };
  auto paged = PageOf("activity/" + account_id, std::move(items), key_of,
                      projections::SortOrder::kDesc, page);
  if (!paged.ok()) return paged.error();
  return ActivityPage{std::move(paged->first), std::move(paged->second)};
}

}  // namespace keytrail::projections
