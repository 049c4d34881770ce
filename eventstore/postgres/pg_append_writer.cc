// The group commit on PostgreSQL. Per batch, one transaction in two round
// trips (libpq pipelines), so that the head's lock is held for the end of
// the first, the checks, and the second with its COMMIT:
//   1. BEGIN; SELECT seq, frontier FROM keytrail_log_head FOR UPDATE;
//      heads of the batch's streams; stored locations of the batch's ids
//   2. INSERT keytrail_events (seq, stream, version, id, record);
//      INSERT keytrail_tree_nodes (level, idx, hash);
//      UPDATE keytrail_log_head (seq, frontier); pg_notify(keytrail_log,
//      head); COMMIT
#include "eventstore/postgres/pg_append_writer.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <set>
#include <unordered_map>

#include "eventstore/append_rules.h"
#include "eventstore/leaf_hash.h"
#include "eventstore/postgres/pg_schema.h"
#include "eventstore/record_codec.h"

namespace keytrail::eventstore {
namespace {

// Rows per INSERT statement (5 parameters each; PostgreSQL allows 65535).
constexpr size_t kRowsPerInsert = 2000;

using Head = std::optional<uint64_t>;

struct Row {
  uint64_t seq;
  std::string stream;
  uint64_t version;
  std::string id;
  std::string record;
};

struct NodeRow {
  int level;
  uint64_t index;
  std::string hash;
};

}  // namespace

struct PgAppendWriter::Batch {
  uint64_t last_seq = 0;
  std::unordered_map<std::string, Head> heads;      // batch's streams
  std::unordered_map<std::string, IdLocation> ids;  // stored or staged
  std::set<std::string> staged_ids;                 // staged only
  std::vector<Row> rows;
  std::vector<RecordedEvent> events;  // what rows' records encode
  std::vector<std::string> leaves;
  std::vector<NodeRow> nodes;
};

PgAppendWriter::PgAppendWriter(
    const EventStoreOptions& options, std::string location,
    std::function<void(uint64_t)> publish,
    std::function<void(const std::vector<RecordedEvent>&)> committed)
    : options_(options),
      location_(std::move(location)),
      publish_(std::move(publish)),
      committed_(std::move(committed)) {}

void PgAppendWriter::Commit(std::vector<Pending*>& pendings) {
  Status written = Transaction(pendings);
  if (!written.ok()) {
    for (Pending* pending : pendings) {
      if (!pending->result || pending->depends_on_write) {
        pending->result = written.error();
      }
    }
    if (conn_) {
      conn_->RollbackQuietly();
      if (conn_->broken()) conn_.reset();
    }
    tree_.reset();
  }
  for (Pending* pending : pendings) {
    std::promise<Result<AppendResult>> done = std::move(pending->done);
    done.set_value(std::move(*pending->result));
  }
}

Status PgAppendWriter::Transaction(std::vector<Pending*>& pendings) {
  if (!conn_ || conn_->broken()) {
    conn_.reset();
    tree_.reset();
    Result<std::unique_ptr<PgConnection>> conn =
        PgConnection::Connect(location_);
    if (!conn.ok()) return conn.error();
    conn_ = std::move(*conn);
    if (options_.durability == Durability::kAsync) {
      if (Status set = conn_->Run("SET synchronous_commit TO off"); !set.ok()) {
        return set;
      }
    }
  }
  PgConnection& conn = *conn_;
  const auto started = std::chrono::steady_clock::now();

  // Round trip 1: take the head and read what the checks need.
  std::vector<std::string> streams;
  std::vector<std::string> ids;
  for (const Pending* pending : pendings) {
    streams.push_back(*pending->stream);
    for (const NewEvent& event : *pending->events) ids.push_back(event.id);
  }
  std::sort(streams.begin(), streams.end());
  streams.erase(std::unique(streams.begin(), streams.end()), streams.end());
  std::vector<PgStatement> reads;
  reads.push_back({"BEGIN", {}});
  reads.push_back(
      {"SELECT seq, frontier FROM keytrail_log_head FOR UPDATE", {}});
  reads.push_back(
      {"SELECT s, (SELECT max(version) FROM keytrail_events WHERE stream = s) "
       "FROM unnest($1::text[]) AS s",
       PgParams().TextArray(streams)});
  reads.push_back(
      {"SELECT id, seq, version, stream FROM keytrail_events "
       "WHERE id = ANY($1::text[])",
       PgParams().TextArray(ids)});
  Result<std::vector<PgRows>> read = conn.Pipeline(reads);
  if (!read.ok()) return read.error();
  const PgRows& head = (*read)[1];
  if (head.size() != 1) {
    return Error::Make(ErrorCode::kCorruption,
                       "the keytrail_log_head row is missing");
  }
  Batch batch;
  batch.last_seq = static_cast<uint64_t>(head.Int(0, 0));
  // Committed (it was read under the lock): publishing it at once lets a
  // caller whose append conflicts with another node's see that append.
  publish_(batch.last_seq);
  const PgRows& heads = (*read)[2];
  for (int i = 0; i < heads.size(); ++i) {
    Head stream_head;
    if (!heads.IsNull(i, 1)) stream_head = heads.Int(i, 1);
    batch.heads[std::string(heads.Bytes(i, 0))] = stream_head;
  }
  const PgRows& stored = (*read)[3];
  for (int i = 0; i < stored.size(); ++i) {
    batch.ids[std::string(stored.Bytes(i, 0))] =
        IdLocation{std::string(stored.Bytes(i, 3)),
                   static_cast<uint64_t>(stored.Int(i, 2)),
                   static_cast<uint64_t>(stored.Int(i, 1))};
  }

  for (Pending* pending : pendings) Stage(*pending, batch);
  if (batch.rows.empty()) return conn.Run("ROLLBACK");

  const uint64_t tree_size = batch.rows.front().seq - 1;
  if (!tree_ || tree_->size() != tree_size) {
    // Another node appended since this writer's last batch: its frontier
    // came with the head (written before migration 2 or by an older
    // keytrail: from the nodes, one more round trip).
    Result<TreeFrontier> packed =
        head.IsNull(0, 1) ? Error::Make(ErrorCode::kNotFound, "no frontier")
                          : TreeFrontier::Unpack(head.Bytes(0, 1), tree_size);
    if (packed.ok()) {
      tree_ = std::move(*packed);
    } else if (Status loaded = LoadTree(tree_size); !loaded.ok()) {
      return loaded;
    }
  }
  TreeFrontier tree = *tree_;
  for (const std::string& leaf : batch.leaves) {
    tree.Append(leaf, [&](int level, uint64_t index, const std::string& hash) {
      batch.nodes.push_back(NodeRow{level, index, hash});
    });
  }

  // Round trip 2: write, move the head, notify and commit.
  std::vector<PgStatement> writes = InsertStatements(batch);
  const std::string new_head = std::to_string(batch.last_seq);
  writes.push_back({"UPDATE keytrail_log_head SET seq = $1, frontier = $2",
                    PgParams().Text(new_head).Bytes(tree.Packed())});
  writes.push_back({"SELECT pg_notify($1, $2)",
                    PgParams().Text(kPgLogChannel).Text(new_head)});
  writes.push_back({"COMMIT", {}});
  if (Result<std::vector<PgRows>> written = conn.Pipeline(writes);
      !written.ok()) {
    return written.error();
  }
  tree_ = std::move(tree);
  write_seconds_.Observe(
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started)
          .count());
  batch_events_.Observe(static_cast<double>(batch.rows.size()));
  events_appended_.fetch_add(batch.rows.size(), std::memory_order_relaxed);
  // A record decodes to every field it was encoded from
  // (record_codec_test): these are what a reader would read.
  committed_(batch.events);
  publish_(batch.last_seq);
  return OkStatus();
}

void PgAppendWriter::Stage(Pending& pending, Batch& batch) {
  const std::string& stream = *pending.stream;
  const Head head = batch.heads[stream];
  const std::vector<NewEvent>& events = *pending.events;
  std::vector<IdLocation> found;
  std::string stored_id;
  bool retries_staged = false;
  for (const NewEvent& event : events) {
    if (auto it = batch.ids.find(event.id); it != batch.ids.end()) {
      if (stored_id.empty()) stored_id = event.id;
      found.push_back(it->second);
      retries_staged |= batch.staged_ids.count(event.id) > 0;
    }
  }
  if (!found.empty()) {
    pending.result = RetryOutcome(stream, pending.expected, events.size(),
                                  found, stored_id, head);
    // A retry in the same batch as its original is only true once written.
    pending.depends_on_write = pending.result->ok() && retries_staged;
    return;
  }
  if (!MatchesExpected(pending.expected, head)) {
    pending.result = ExpectedVersionConflict(stream, pending.expected, head);
    return;
  }
  AppendResult result;
  result.first_seq = batch.last_seq + 1;
  uint64_t version = head.has_value() ? *head + 1 : 0;
  for (NewEvent& event : *pending.events) {
    const uint64_t seq = ++batch.last_seq;
    std::string leaf_hash = LeafHash(seq, stream, version, event);
    batch.leaves.push_back(leaf_hash);
    RecordedEvent recorded =
        RecordOf(event, seq, stream, version, std::move(leaf_hash));
    Row row{seq, stream, version, event.id, {}};
    EncodeRecord(recorded, row.record);
    batch.rows.push_back(std::move(row));
    batch.events.push_back(std::move(recorded));
    batch.ids[event.id] = IdLocation{stream, version, seq};
    batch.staged_ids.insert(event.id);
    result.last_version = version++;
  }
  result.last_seq = batch.last_seq;
  batch.heads[stream] = result.last_version;
  pending.result = result;
  pending.depends_on_write = true;
}

Status PgAppendWriter::LoadTree(uint64_t size) {
  // The frontier's nodes: one complete subtree per set bit of `size`.
  std::string levels = "{";
  std::string indexes = "{";
  uint64_t offset = 0;
  for (int level = 63; level >= 0; --level) {
    const uint64_t width = uint64_t{1} << level;
    if ((size & width) == 0) continue;
    if (levels.size() > 1) {
      levels += ',';
      indexes += ',';
    }
    levels += std::to_string(level);
    indexes += std::to_string(offset >> level);
    offset += width;
  }
  levels += '}';
  indexes += '}';
  Result<PgRows> rows = conn_->Query(
      "SELECT t.level, t.idx, t.hash "
      "FROM unnest($1::smallint[], $2::bigint[]) AS f(level, idx) "
      "JOIN keytrail_tree_nodes t ON t.level = f.level AND t.idx = f.idx",
      PgParams().Text(levels).Text(indexes));
  if (!rows.ok()) return rows.error();
  std::map<std::pair<int, uint64_t>, std::string> nodes;
  for (int i = 0; i < rows->size(); ++i) {
    nodes[{static_cast<int>(rows->Int(i, 0)),
           static_cast<uint64_t>(rows->Int(i, 1))}] =
        std::string(rows->Bytes(i, 2));
  }
  Result<TreeFrontier> tree = TreeFrontier::Load(
      [&](int level, uint64_t index) -> Result<std::string> {
        auto it = nodes.find({level, index});
        if (it == nodes.end() || it->second.size() != kTreeHashSize) {
          return Error::Make(ErrorCode::kCorruption,
                             "the audit tree node (" + std::to_string(level) +
                                 ", " + std::to_string(index) + ") is missing");
        }
        return it->second;
      },
      size);
  if (!tree.ok()) return tree.error();
  tree_ = std::move(*tree);
  return OkStatus();
}

std::vector<PgStatement> PgAppendWriter::InsertStatements(const Batch& batch) {
  std::vector<PgStatement> statements;
  for (size_t begin = 0; begin < batch.rows.size(); begin += kRowsPerInsert) {
    const size_t end = std::min(batch.rows.size(), begin + kRowsPerInsert);
    PgStatement insert{
        "INSERT INTO keytrail_events (seq, stream, version, id, record) "
        "VALUES ",
        {}};
    for (size_t i = begin; i < end; ++i) {
      const size_t n = insert.params.size();
      if (i > begin) insert.sql += ',';
      insert.sql += "($" + std::to_string(n + 1) + ",$" +
                    std::to_string(n + 2) + ",$" + std::to_string(n + 3) +
                    ",$" + std::to_string(n + 4) + ",$" +
                    std::to_string(n + 5) + ")";
      const Row& row = batch.rows[i];
      insert.params.Int(static_cast<int64_t>(row.seq))
          .Text(row.stream)
          .Int(static_cast<int64_t>(row.version))
          .Text(row.id)
          .Bytes(row.record);
    }
    statements.push_back(std::move(insert));
  }
  for (size_t begin = 0; begin < batch.nodes.size(); begin += kRowsPerInsert) {
    const size_t end = std::min(batch.nodes.size(), begin + kRowsPerInsert);
    PgStatement insert{
        "INSERT INTO keytrail_tree_nodes (level, idx, hash) VALUES ", {}};
    for (size_t i = begin; i < end; ++i) {
      const size_t n = insert.params.size();
      if (i > begin) insert.sql += ',';
      insert.sql += "($" + std::to_string(n + 1) + ",$" +
                    std::to_string(n + 2) + ",$" + std::to_string(n + 3) + ")";
      const NodeRow& node = batch.nodes[i];
      insert.params.Int(node.level)
          .Int(static_cast<int64_t>(node.index))
          .Bytes(node.hash);
    }
    statements.push_back(std::move(insert));
  }
  return statements;
}

}  // namespace keytrail::eventstore
