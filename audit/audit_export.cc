#include "audit/audit_export.h"

#include <algorithm>
#include <bit>
#include <utility>
#include <vector>

#include "base/canonical_json.h"
#include "base/hex.h"
#include "eventstore/leaf_hash.h"
#include "eventstore/merkle.h"
#include "audit/audit_events.h"

namespace keytrail::audit {
namespace {

// Leaf indexes exported, as sorted disjoint [begin, end) runs.
class Runs {
 public:
  void Add(uint64_t index) {
    if (!runs_.empty() && runs_.back().second == index) {
      ++runs_.back().second;
    } else {
      runs_.emplace_back(index, index + 1);
    }
  }
  // True when some exported index lies in [begin, end).
  bool Any(uint64_t begin, uint64_t end) const {
    auto it = std::upper_bound(
        runs_.begin(), runs_.end(), begin,
        [](uint64_t value, const auto& run) { return value < run.second; });
    return it != runs_.end() && it->first < end;
  }

 private:
  std::vector<std::pair<uint64_t, uint64_t>> runs_;
};

// The head the export is checked against: the latest one kept if it
// covers `last_seq`, else a new one of the whole log.
Result<SignedTreeHead> HeadFor(eventstore::EventStore& store, HeadLog& heads,
                               const AuditKey* key, Micros now,
                               uint64_t last_seq) {
  Result<std::optional<SignedTreeHead>> latest = heads.Latest();
  if (!latest.ok()) return latest.error();
  if (latest->has_value() && (*latest)->tree_size >= last_seq) {
    return **latest;
  }
  if (key == nullptr) {
    return Error::Make(ErrorCode::kNotFound,
                       "no signed tree head covers seq " +
                           std::to_string(last_seq) +
                           " and there is no audit key here to sign one");
  }
  const uint64_t size = store.HeadSeq();
  Result<std::string> root = store.TreeRoot(size);
  if (!root.ok()) return root.error();
  SignedTreeHead head = SignHead(*key, size, std::move(*root), now);
  if (Status kept = heads.Put(head); !kept.ok()) return kept.error();
  return head;
}

// Appends to `omitted` the ranges of [begin, end) RFC 6962's recursion
// reaches that hold no exported leaf.
Status Omit(const eventstore::NodeSource& source, const Runs& exported,
            uint64_t begin, uint64_t end, JsonArray& omitted) {
  if (!exported.Any(begin, end)) {
    Result<std::string> hash = eventstore::RangeHash(source, begin, end);
    if (!hash.ok()) return hash.error();
    omitted.emplace_back(JsonObject{
        {"first_seq", JsonValue(begin + 1)},
        {"hash", JsonValue(HexOf(*hash))},
        {"last_seq", JsonValue(end)},
    });
    return OkStatus();
  }
  if (end - begin == 1) return OkStatus();
  const uint64_t split =
      begin + (uint64_t{1} << (63 - std::countl_zero(end - begin - 1)));
  Status left = Omit(source, exported, begin, split, omitted);
  if (!left.ok()) return left;
  return Omit(source, exported, split, end, omitted);
}

}  // namespace

Result<ExportSummary> ExportAudit(eventstore::EventStore& store, HeadLog& heads,
                                  const AuditKey* key, Micros now,
                                  const ExportOptions& options,
                                  std::ostream& out) {
  uint64_t last = options.to_seq == 0
                      ? store.HeadSeq()
                      : std::min(options.to_seq, store.HeadSeq());
  if (key == nullptr && options.to_seq == 0) {
    // A backup cannot sign: by default it exports what its heads cover.
    Result<std::optional<SignedTreeHead>> latest = heads.Latest();
    if (!latest.ok()) return latest.error();
    if (latest->has_value()) last = std::min(last, (*latest)->tree_size);
  }
  const uint64_t first = std::max<uint64_t>(options.from_seq, 1);
  Result<SignedTreeHead> head = HeadFor(store, heads, key, now, last);
  if (!head.ok()) return head.error();

  ExportSummary summary;
  Runs exported;
  AuditFilter filter;
  filter.account = options.account;
  AuditPageRequest request;
  request.after_seq = first - 1;
  request.to_seq = last;
  request.limit = 4096;
  request.scan_limit = 4096;
  const uint64_t total = last >= first ? last - first + 1 : 0;
  while (request.after_seq < last) {
    Result<AuditPage> page = ReadAuditPage(store, filter, request);
    if (!page.ok()) return page.error();
    for (const AuditItem& item : page->items) {
      out << item.json << '\n';
      exported.Add(item.seq - 1);
      ++summary.events;
    }
    if (page->next_after_seq == request.after_seq) break;  // log shrank?
    request.after_seq = page->next_after_seq;
    if (options.progress)
      options.progress(request.after_seq - first + 1, total);
  }

  JsonArray omitted;
  const eventstore::NodeSource source = [&store](int level, uint64_t index) {
    return store.TreeNode(level, index);
  };
  if (head->tree_size > 0) {
    Status covered = Omit(source, exported, 0, head->tree_size, omitted);
    if (!covered.ok()) return covered.error();
  }
  summary.omitted = omitted.size();
  out << JsonValue(JsonObject{{"omitted", JsonValue(std::move(omitted))}})
             .Serialize()
      << '\n'
      << HeadJson(*head) << '\n';
  summary.head = std::move(*head);
  if (!out) {
    return Error::Make(ErrorCode::kIoError, "cannot write the export");
  }
  return summary;
}

}  // namespace keytrail::audit
