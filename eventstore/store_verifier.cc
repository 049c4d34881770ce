// verify-store reads the layouts of event_store_format.h (events, event_ids)
// and merkle_format.h (tree) directly:
//   events[BE64(seq)]            record (record_codec.cc), leaf_hash inside
//   event_ids[id]                BE64(seq) BE64(version) stream
//   tree[level BE64(index)]      hash[32]
// Two checks run at once on their own threads: one walks `events` and level
// 0 of `tree` side by side, reading records in batches that several threads
// decode and hash; the other checks each tree level against the one below
// it, two sequential scans per level.
#include "eventstore/store_verifier.h"

#include <algorithm>
#include <atomic>
#include <memory>
#include <optional>
#include <thread>

#include "base/thread_name.h"
#include "eventstore/event_store_format.h"
#include "eventstore/leaf_hash.h"
#include "eventstore/merkle.h"
#include "eventstore/merkle_format.h"
#include "eventstore/merkle_tree.h"
#include "eventstore/postgres/pg_connection.h"
#include "eventstore/postgres/pg_store_verifier.h"
#include "eventstore/record_codec.h"
#include "eventstore/rocks_db.h"
#include "eventstore/rocks_status.h"

namespace keytrail::eventstore {
namespace {

// Events read, then hashed in parallel, at a time.
constexpr size_t kBatchEvents = 8192;

// One record of a batch: its raw value, then the decoded event and its
// recomputed leaf hash (or why either failed).
struct Leaf {
  uint64_t seq = 0;
  std::string value;
  RecordedEvent event;
  bool malformed = false;
  std::string hash;
  std::string error;
};

std::string SeqRange(uint64_t first, uint64_t last) {
  return first == last
             ? "seq " + std::to_string(first)
             : "seqs " + std::to_string(first) + ".." + std::to_string(last);
}

// Reads one level of the tree in index order.
class LevelReader {
 public:
  LevelReader(RocksDb* db, int level)
      : level_(level),
        upper_key_(TreeLevelStart(level + 1)),
        upper_(upper_key_) {
    rocksdb::ReadOptions options;
    options.iterate_upper_bound = &upper_;
    options.fill_cache = false;
    it_.reset(db->db()->NewIterator(options, db->tree()));
    it_->Seek(TreeLevelStart(level));
  }

  // The hash of node `index`, or nullopt when it is not stored. Calls must
  // ask for increasing indexes.
  std::optional<std::string> Get(uint64_t index) {
    int level = 0;
    uint64_t at = 0;
    while (it_->Valid() &&
           ParseTreeNodeKey(it_->key().ToStringView(), &level, &at) &&
           at < index) {
      it_->Next();
    }
    if (!it_->Valid() || at != index || level != level_) return std::nullopt;
    return it_->value().ToString();
  }

  rocksdb::Status status() const { return it_->status(); }

 private:
  const int level_;
  const std::string upper_key_;
  const rocksdb::Slice upper_;
  std::unique_ptr<rocksdb::Iterator> it_;
};

class Verifier {
 public:
  Verifier(RocksDb* db, const StoreVerifyOptions& options, StoreReport* report)
      : db_(db), options_(options), report_(report) {}

  Status CheckEvents();
  // Adds at most max_problems problems to `problems` (seq 0: tree nodes)
  // and counts the others in `more`; runs on its own thread.
  Status CheckTree(std::vector<StoreProblem>& problems, uint64_t& more) const;

 private:
  void Problem(uint64_t seq, std::string what);
  void ComputeLeaves(std::vector<Leaf>& batch, size_t count) const;
  void CheckLeaf(const Leaf& leaf, LevelReader& tree_leaves);
  std::string WhyMismatch(const RecordedEvent& event);

  RocksDb* const db_;
  const StoreVerifyOptions& options_;
  StoreReport* const report_;
};

void Verifier::Problem(uint64_t seq, std::string what) {
  if (report_->problems.size() >= options_.max_problems) {
    ++report_->more_problems;
    return;
  }
  report_->problems.push_back(StoreProblem{seq, std::move(what)});
}

// Decodes and hashes the first `count` leaves of `batch` on workers + 1
// threads, which take chunks in turn so that a thread slowed down by another
// process does not hold up the others.
void Verifier::ComputeLeaves(std::vector<Leaf>& batch, size_t count) const {
  constexpr size_t kChunk = 256;
  std::atomic<size_t> next{0};
  auto compute = [&] {
    for (size_t begin = next.fetch_add(kChunk); begin < count;
         begin = next.fetch_add(kChunk)) {
      for (size_t i = begin; i < std::min(count, begin + kChunk); ++i) {
        Leaf& leaf = batch[i];
        leaf.malformed = !DecodeRecord(leaf.seq, leaf.value, &leaf.event);
        leaf.error.clear();
        if (leaf.malformed) continue;
        Result<std::string> data = options_.data_json(leaf.event);
        if (data.ok()) {
          leaf.hash = LeafHash(LeafFieldsOf(leaf.event, *data));
        } else {
          leaf.error = data.error().message;
        }
      }
    }
  };
  std::vector<std::thread> workers;
  for (int w = 0; w < options_.workers && count > kChunk; ++w) {
    workers.emplace_back(compute);
  }
  compute();
  for (std::thread& worker : workers) worker.join();
}

// Why an event's recomputed leaf hash differs from its stored one: it was
// moved (its id is indexed at another seq) or altered.
std::string Verifier::WhyMismatch(const RecordedEvent& event) {
  std::string value;
  rocksdb::Status status = db_->db()->Get(rocksdb::ReadOptions(),
                                          db_->event_ids(), event.id, &value);
  if (status.ok() && value.size() >= 16 &&
      GetBigEndian64(value.data()) != event.seq) {
    return "holds event " + event.id + ", which belongs at seq " +
           std::to_string(GetBigEndian64(value.data())) +
           ": events were reordered";
  }
  return "was altered: the event no longer matches its leaf hash";
}

// One problem at most per event, from its recomputed leaf hash R, the one
// stored in its record S and the tree's leaf T.
void Verifier::CheckLeaf(const Leaf& leaf, LevelReader& tree_leaves) {
  const RecordedEvent& event = leaf.event;
  const uint64_t seq = leaf.seq;
  std::optional<std::string> in_tree = tree_leaves.Get(seq - 1);
  if (leaf.malformed) {
    Problem(seq, "was altered: its record is malformed");
  } else if (!leaf.error.empty()) {
    Problem(seq,
            "was altered: its payload does not decode (" + leaf.error + ")");
  } else if (leaf.hash != event.leaf_hash) {
    if (in_tree && *in_tree == leaf.hash) {
      Problem(seq, "was altered: the leaf hash in its record was changed");
    } else {
      Problem(seq, WhyMismatch(event));
    }
  } else if (!in_tree) {
    Problem(seq, "is not in the audit tree");
  } else if (*in_tree != event.leaf_hash) {
    Problem(seq,
            "has another leaf hash in the audit tree: the tree was altered, "
            "or the event and its leaf hash were rewritten together");
  }
}

Status Verifier::CheckEvents() {
  rocksdb::ReadOptions read_options;
  read_options.fill_cache = false;
  std::unique_ptr<rocksdb::Iterator> it(
      db_->db()->NewIterator(read_options, db_->events()));
  LevelReader tree_leaves(db_, 0);
  // Reused from batch to batch, so that the strings of its leaves keep
  // their capacity and decoding allocates little.
  std::vector<Leaf> batch(kBatchEvents);
  uint64_t expected = 1;
  it->SeekToFirst();
  while (it->Valid()) {
    size_t count = 0;
    for (; it->Valid() && count < kBatchEvents; it->Next()) {
      const rocksdb::Slice key = it->key();
      const uint64_t seq = key.size() == 8 ? GetBigEndian64(key.data()) : 0;
      if (seq < expected) {
        Problem(expected, "malformed event key in the log");
        continue;
      }
      if (seq > expected) {
        Problem(expected, SeqRange(expected, seq - 1) + " missing: removed");
      }
      expected = seq + 1;
      Leaf& leaf = batch[count++];
      leaf.seq = seq;
      leaf.value.assign(it->value().data(), it->value().size());
    }
    ComputeLeaves(batch, count);
    for (size_t i = 0; i < count; ++i) CheckLeaf(batch[i], tree_leaves);
    if (options_.progress) options_.progress(expected - 1, report_->events);
  }
  if (!it->status().ok()) return ErrorFromRocks(it->status(), "reading events");
  if (!tree_leaves.status().ok()) {
    return ErrorFromRocks(tree_leaves.status(), "reading the audit tree");
  }
  return OkStatus();
}

Status Verifier::CheckTree(std::vector<StoreProblem>& problems,
                           uint64_t& more) const {
  const uint64_t leaves = report_->tree_leaves;
  if (leaves > report_->events) {
    problems.push_back(
        {report_->events + 1,
         SeqRange(report_->events + 1, leaves) +
             " missing: the audit tree has " + std::to_string(leaves) +
             " leaves, the log ends at seq " + std::to_string(report_->events) +
             ": events were removed"});
  }
  for (int level = 1; level <= kMaxTreeLevel && (leaves >> level) > 0;
       ++level) {
    LevelReader children(db_, level - 1);
    LevelReader parents(db_, level);
    for (uint64_t index = 0; index < (leaves >> level); ++index) {
      std::optional<std::string> left = children.Get(2 * index);
      std::optional<std::string> right = children.Get(2 * index + 1);
      std::optional<std::string> node = parents.Get(index);
      if (left && right && node && *node == HashChildren(*left, *right)) {
        continue;
      }
      const uint64_t first = (index << level) + 1;
      if (problems.size() >= options_.max_problems) {
        ++more;
        continue;
      }
      problems.push_back(
          {0, "audit tree node (" + std::to_string(level) + ", " +
                  std::to_string(index) + ") over " +
                  SeqRange(first, first + (uint64_t{1} << level) - 1) +
                  (node ? " is not the hash of its children" : " missing")});
    }
    if (!children.status().ok() || !parents.status().ok()) {
      return ErrorFromRocks(
          children.status().ok() ? parents.status() : children.status(),
          "reading the audit tree");
    }
  }
  return OkStatus();
}

}  // namespace

Result<StoreReport> VerifyStore(const std::string& path,
                                const StoreVerifyOptions& options) {
  if (!options.data_json) {
    return Error::Make(ErrorCode::kInvalid, "VerifyStore needs data_json");
  }
  if (IsPostgresLocation(path)) return VerifyPgStore(path, options);
  EventStoreOptions open_options;
  open_options.create_if_missing = false;
  Result<std::unique_ptr<RocksDb>> db = RocksDb::Open(open_options, path);
  if (!db.ok()) return db.error();
  StoreReport report;
  Result<uint64_t> last = (*db)->LastStoredSeq();
  if (!last.ok()) return last.error();
  report.events = *last;
  Result<uint64_t> leaves = MerkleTree(db->get()).StoredLeaves();
  if (!leaves.ok()) return leaves.error();
  report.tree_leaves = *leaves;
  Verifier verifier(db->get(), options, &report);
  std::vector<StoreProblem> tree_problems;
  uint64_t more_tree_problems = 0;
  Status tree = OkStatus();
  std::thread tree_checker([&] {
    NameThisThread("kt-verify-tree");
    tree = verifier.CheckTree(tree_problems, more_tree_problems);
  });
  Status events = verifier.CheckEvents();
  tree_checker.join();
  if (!events.ok()) return events.error();
  if (!tree.ok()) return tree.error();
  // Problems of events first (seq order), then those of the tree.
  for (StoreProblem& problem : tree_problems) {
    if (report.problems.size() < options.max_problems) {
      report.problems.push_back(std::move(problem));
    } else {
      ++report.more_problems;
    }
  }
  report.more_problems += more_tree_problems;
  if (options.progress) options.progress(report.events, report.events);
  return report;
}

}  // namespace keytrail::eventstore
