#include "audit/audit_events.h"

#include <algorithm>

#include "domain/event_codec.h"
#include "domain/event_json.h"
#include "domain/events.h"
#include "eventstore/leaf_hash.h"

namespace keytrail::audit {
namespace {

// Events read from the store at a time.
constexpr size_t kReadChunk = 512;

bool Matches(const AuditFilter& filter, const eventstore::RecordedEvent& e) {
  return (filter.type.empty() || filter.type == e.type) &&
         (filter.stream.empty() || filter.stream == e.stream);
}

Result<Event> Decode(const eventstore::RecordedEvent& event) {
  return DecodeEvent(event.type, event.schema_version, event.payload);
}

}  // namespace

Result<std::string> AuditDataJson(const eventstore::RecordedEvent& event) {
  Result<Event> decoded = Decode(event);
  if (!decoded.ok()) return decoded.error();
  return EventData(*decoded).Serialize();
}

Result<AuditItem> RenderAuditItem(const eventstore::RecordedEvent& event) {
  Result<Event> decoded = Decode(event);
  if (!decoded.ok()) return decoded.error();
  const std::string data = EventData(*decoded).Serialize();
  return AuditItem{event.seq, AccountOf(*decoded),
                   eventstore::AuditItemJson(
                       eventstore::LeafFieldsOf(event, data), event.leaf_hash)};
}

Result<AuditPage> ReadAuditPage(eventstore::EventStore& store,
                                const AuditFilter& filter,
                                const AuditPageRequest& request) {
  const uint64_t head = store.HeadSeq();
  const uint64_t last =
      request.to_seq == 0 ? head : std::min(request.to_seq, head);
  AuditPage page;
  page.next_after_seq = request.after_seq;
  size_t scanned = 0;
  while (page.next_after_seq < last && page.items.size() < request.limit &&
         scanned < request.scan_limit) {
    const size_t want = static_cast<size_t>(
        std::min<uint64_t>({kReadChunk, last - page.next_after_seq,
                            request.scan_limit - scanned}));
    Result<std::vector<eventstore::RecordedEvent>> events =
        store.ReadAll(page.next_after_seq + 1, want);
    if (!events.ok()) return events.error();
    if (events->empty()) break;
    for (const eventstore::RecordedEvent& event : *events) {
      page.next_after_seq = event.seq;
      ++scanned;
      if (!Matches(filter, event)) continue;
      Result<AuditItem> item = RenderAuditItem(event);
      if (!item.ok()) return item.error();
      if (!filter.account.empty() && item->account != filter.account) {
        continue;
      }
      page.items.push_back(std::move(*item));
      if (page.items.size() == request.limit) break;
    }
  }
  page.more = page.next_after_seq < last;
  return page;
}

std::string AuditPageJson(const AuditPage& page) {
  std::string body = R"({"items":[)";
  for (size_t i = 0; i < page.items.size(); ++i) {
    if (i > 0) body += ',';
    body += page.items[i].json;
  }
  const std::string next = std::to_string(page.next_after_seq);
  body += R"(],"next_after_seq":)" + next + R"(,"next_cursor":)";
  body += page.more ? '"' + next + '"' : std::string("null");
  body += '}';
  return body;
}

}  // namespace keytrail::audit
