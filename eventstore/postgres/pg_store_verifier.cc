#include "eventstore/postgres/pg_store_verifier.h"

#include <optional>
#include <vector>

#include "eventstore/leaf_hash.h"
#include "eventstore/merkle.h"
#include "eventstore/merkle_format.h"
#include "eventstore/postgres/pg_connection.h"
#include "eventstore/record_codec.h"

namespace keytrail::eventstore {
namespace {

// Events read per query.
constexpr int kPage = 8192;

std::string SeqRange(uint64_t first, uint64_t last) {
  return first == last
             ? "seq " + std::to_string(first)
             : "seqs " + std::to_string(first) + ".." + std::to_string(last);
}

class PgVerifier {
 public:
  PgVerifier(PgConnection& conn, const StoreVerifyOptions& options,
             StoreReport* report)
      : conn_(conn), options_(options), report_(report) {}

  Status CheckEvents();
  Status CheckTree();

 private:
  void Problem(uint64_t seq, std::string what) {
    if (report_->problems.size() >= options_.max_problems) {
      ++report_->more_problems;
      return;
    }
    report_->problems.push_back(StoreProblem{seq, std::move(what)});
  }
  // One level of the tree, indexed by node index (nullopt: not stored).
  Result<std::vector<std::optional<std::string>>> Level(int level,
                                                        uint64_t count);

  PgConnection& conn_;
  const StoreVerifyOptions& options_;
  StoreReport* const report_;
};

Status PgVerifier::CheckEvents() {
  uint64_t expected = 1;
  RecordedEvent event;
  for (;;) {
    Result<PgRows> rows = conn_.Query(
        "SELECT e.seq, e.record, e.id, e.stream, e.version, t.hash "
        "FROM keytrail_events e LEFT JOIN keytrail_tree_nodes t "
        "ON t.level = 0 AND t.idx = e.seq - 1 "
        "WHERE e.seq >= $1 ORDER BY e.seq LIMIT $2",
        PgParams().Int(static_cast<int64_t>(expected)).Int(kPage));
    if (!rows.ok()) return rows.error();
    for (int i = 0; i < rows->size(); ++i) {
      const uint64_t seq = static_cast<uint64_t>(rows->Int(i, 0));
      if (seq > expected) {
        Problem(expected, SeqRange(expected, seq - 1) + " missing: removed");
      }
      expected = seq + 1;
      if (!DecodeRecord(seq, rows->Bytes(i, 1), &event)) {
        Problem(seq, "was altered: its record is malformed");
        continue;
      }
      if (event.id != rows->Bytes(i, 2) || event.stream != rows->Bytes(i, 3) ||
          event.version != static_cast<uint64_t>(rows->Int(i, 4))) {
        Problem(seq,
                "was altered: its id, stream or version column no longer "
                "matches its record");
        continue;
      }
      Result<std::string> data = options_.data_json(event);
      if (!data.ok()) {
        Problem(seq, "was altered: its payload does not decode (" +
                         data.error().message + ")");
        continue;
      }
      const std::string hash = LeafHash(LeafFieldsOf(event, *data));
      std::optional<std::string> in_tree;
      if (!rows->IsNull(i, 5)) in_tree = std::string(rows->Bytes(i, 5));
      if (hash != event.leaf_hash) {
        Problem(seq, in_tree && *in_tree == hash
                         ? "was altered: the leaf hash in its record was "
                           "changed"
                         : "was altered: the event no longer matches its "
                           "leaf hash");
      } else if (!in_tree) {
        Problem(seq, "is not in the audit tree");
      } else if (*in_tree != event.leaf_hash) {
        Problem(seq,
                "has another leaf hash in the audit tree: the tree was "
                "altered, or the event and its leaf hash were rewritten "
                "together");
      }
    }
    if (options_.progress) options_.progress(expected - 1, report_->events);
    if (rows->size() < kPage) break;
  }
  if (expected - 1 < report_->events) {
    Problem(expected, SeqRange(expected, report_->events) +
                          " missing: the log head is at seq " +
                          std::to_string(report_->events));
  }
  return OkStatus();
}

Result<std::vector<std::optional<std::string>>> PgVerifier::Level(
    int level, uint64_t count) {
  std::vector<std::optional<std::string>> nodes(count);
  Result<PgRows> rows = conn_.Query(
      "SELECT idx, hash FROM keytrail_tree_nodes WHERE level = $1 "
      "AND idx < $2 ORDER BY idx",
      PgParams().Int(level).Int(static_cast<int64_t>(count)));
  if (!rows.ok()) return rows.error();
  for (int i = 0; i < rows->size(); ++i) {
    nodes[static_cast<size_t>(rows->Int(i, 0))] =
        std::string(rows->Bytes(i, 1));
  }
  return nodes;
}

Status PgVerifier::CheckTree() {
  const uint64_t leaves = report_->tree_leaves;
  if (leaves > report_->events) {
    Problem(report_->events + 1,
            SeqRange(report_->events + 1, leaves) +
                " missing: the audit tree has " + std::to_string(leaves) +
                " leaves, the log ends at seq " +
                std::to_string(report_->events) + ": events were removed");
  }
  if (leaves < 2) return OkStatus();
  Result<std::vector<std::optional<std::string>>> children = Level(0, leaves);
  if (!children.ok()) return children.error();
  for (int level = 1; level <= kMaxTreeLevel && (leaves >> level) > 0;
       ++level) {
    Result<std::vector<std::optional<std::string>>> parents =
        Level(level, leaves >> level);
    if (!parents.ok()) return parents.error();
    for (uint64_t index = 0; index < (leaves >> level); ++index) {
      const auto& left = (*children)[2 * index];
      const auto& right = (*children)[2 * index + 1];
      const auto& node = (*parents)[index];
      if (left && right && node && *node == HashChildren(*left, *right)) {
        continue;
      }
      const uint64_t first = (index << level) + 1;
      Problem(0, "audit tree node (" + std::to_string(level) + ", " +
                     std::to_string(index) + ") over " +
                     SeqRange(first, first + (uint64_t{1} << level) - 1) +
                     (node ? " is not the hash of its children" : " missing"));
    }
    children = std::move(parents);
  }
  return OkStatus();
}

}  // namespace

Result<StoreReport> VerifyPgStore(const std::string& location,
                                  const StoreVerifyOptions& options) {
  Result<std::unique_ptr<PgConnection>> conn = PgConnection::Connect(location);
  if (!conn.ok()) return conn.error();
  // One snapshot for the whole check, so appends running meanwhile are
  // simply not part of it.
  if (Status begun =
          (*conn)->Run("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
      !begun.ok()) {
    return begun.error();
  }
  Result<PgRows> sizes = (*conn)->Query(
      "SELECT (SELECT seq FROM keytrail_log_head), "
      "(SELECT coalesce(max(idx) + 1, 0) FROM keytrail_tree_nodes "
      "WHERE level = 0)");
  if (!sizes.ok()) {
    return Error::Make(sizes.error().code,
                       sizes.error().message +
                           " (is this a keytrail database? a node creates "
                           "the schema when it first starts)");
  }
  StoreReport report;
  report.events = static_cast<uint64_t>(sizes->Int(0, 0));
  report.tree_leaves = static_cast<uint64_t>(sizes->Int(0, 1));
  PgVerifier verifier(**conn, options, &report);
  if (Status events = verifier.CheckEvents(); !events.ok()) {
    return events.error();
  }
  if (Status tree = verifier.CheckTree(); !tree.ok()) return tree.error();
  (*conn)->RollbackQuietly();
  if (options.progress) options.progress(report.events, report.events);
  return report;
}

}  // namespace keytrail::eventstore
