// The group commit. Values written per event (layout: event_store_format.h):
//   events[BE64(seq)]                        = record (record_codec.cc)
//   stream_index[stream 0x00 BE64(version)]  = BE64(seq)
//   event_ids[id]                            = BE64(seq) BE64(version) stream
// and once per append:
//   stream_heads[stream]                     = BE64(last version) BE64(seq)
// and once per batch, the Merkle tree nodes its leaves complete:
//   tree[level BE64(index)]                  = hash[32] (merkle_format.h)
#include "eventstore/append_writer.h"

#include <algorithm>
#include <chrono>
#include <future>
#include <unordered_set>

#include "eventstore/append_rules.h"
#include "eventstore/event_store_format.h"
#include "eventstore/leaf_hash.h"
#include "eventstore/merkle_tree.h"
#include "eventstore/record_codec.h"
#include "eventstore/rocks_status.h"
#include "rocksdb/write_batch.h"

namespace keytrail::eventstore {
namespace {

// The head cache holds at most this many streams (about 120 bytes each); a
// miss costs one bloom-filtered Get of stream_heads. When full, an eighth
// of it is dropped, whichever streams the hash order puts first: dropping
// it whole made every append miss once the usage of more tokens than the
// limit cycled through it.
constexpr size_t kHeadCacheLimit = 250'000;
constexpr size_t kHeadCacheTrim = kHeadCacheLimit / 8;

}  // namespace

// What the calls staged so far in one WriteBatch have changed.
struct AppendWriter::Batch {
  rocksdb::WriteBatch write_batch;
  uint64_t last_seq = 0;
  std::unordered_map<std::string, Head> heads;
  std::unordered_map<std::string, IdLocation> ids;
  std::vector<std::string> leaves;  // leaf hashes of the staged events
};

AppendWriter::AppendWriter(const EventStoreOptions& options, RocksDb* db,
                           PublishedHead* head, uint64_t last_seq,
                           TreeFrontier tree)
    : options_(options),
      db_(db),
      head_(head),
      last_seq_(last_seq),
      tree_(std::move(tree)) {}

void AppendWriter::Commit(std::vector<Pending*>& pendings) {
  Batch batch;
  batch.last_seq = last_seq_;
  for (Pending* pending : pendings) {
    batch.write_batch.SetSavePoint();
    const uint64_t seq_before = batch.last_seq;
    const size_t leaves_before = batch.leaves.size();
    Stage(*pending, batch);
    if (!pending->result->ok()) {
      // Nothing of a failed call may reach the write.
      batch.write_batch.RollbackToSavePoint().PermitUncheckedError();
      batch.last_seq = seq_before;
      batch.leaves.resize(leaves_before);
    }
  }
  Write(pendings, batch);
}

void AppendWriter::Stage(Pending& pending, Batch& batch) {
  const std::string& stream = *pending.stream;
  Result<Head> head = LookupHead(stream, batch);
  if (!head.ok()) {
    pending.result = head.error();
    return;
  }
  if (auto retried = CheckIds(pending, batch, *head)) {
    pending.result = std::move(*retried);
    return;
  }
  if (!MatchesExpected(pending.expected, *head)) {
    pending.result = ExpectedVersionConflict(stream, pending.expected, *head);
    return;
  }
  AppendResult result;
  result.first_seq = batch.last_seq + 1;
  uint64_t version = head->has_value() ? **head + 1 : 0;
  rocksdb::Status status;
  std::string record;
  for (NewEvent& event : *pending.events) {
    const uint64_t seq = ++batch.last_seq;
    std::string leaf_hash = options_.tamper_evidence
                                ? LeafHash(seq, stream, version, event)
                                : std::string(kLeafHashSize, '\0');
    if (options_.tamper_evidence) batch.leaves.push_back(leaf_hash);
    RecordedEvent recorded =
        RecordOf(event, seq, stream, version, std::move(leaf_hash));
    record.clear();
    EncodeRecord(recorded, record);
    std::string seq_value = SeqKey(seq);
    std::string id_value = seq_value;
    PutBigEndian64(id_value, version);
    id_value += stream;
    if (status.ok())
      status = batch.write_batch.Put(db_->events(), seq_value, record);
    if (status.ok()) {
      status = batch.write_batch.Put(
          db_->stream_index(), StreamIndexKey(stream, version), seq_value);
    }
    if (status.ok()) {
      status = batch.write_batch.Put(db_->event_ids(), event.id, id_value);
    }
    result.last_version = version++;
  }
  result.last_seq = batch.last_seq;
  std::string head_value;
  PutBigEndian64(head_value, result.last_version);
  PutBigEndian64(head_value, result.last_seq);
  if (status.ok()) {
    status = batch.write_batch.Put(db_->stream_heads(), stream, head_value);
  }
  if (!status.ok()) {
    pending.result = ErrorFromRocks(status, "staging an append to " + stream);
    return;
  }
  // Only now, so that a failed call leaves no trace in the batch state.
  uint64_t seq = result.first_seq;
  uint64_t event_version = result.last_version + 1 - pending.events->size();
  for (const NewEvent& event : *pending.events) {
    batch.ids[event.id] = IdLocation{stream, event_version++, seq++};
  }
  batch.heads[stream] = result.last_version;
  pending.result = result;
  pending.depends_on_write = true;
}

Result<AppendWriter::Head> AppendWriter::LookupHead(const std::string& stream,
                                                    const Batch& batch) {
  if (auto it = batch.heads.find(stream); it != batch.heads.end()) {
    return it->second;
  }
  if (auto it = head_cache_.find(stream); it != head_cache_.end()) {
    return it->second;
  }
  std::string value;
  rocksdb::Status status = db_->db()->Get(rocksdb::ReadOptions(),
                                          db_->stream_heads(), stream, &value);
  Head head;
  if (status.ok()) {
    if (value.size() != 16) {
      return Error::Make(ErrorCode::kCorruption,
                         "the head of stream " + stream + " is malformed");
    }
    head = GetBigEndian64(value.data());
  } else if (!status.IsNotFound()) {
    return ErrorFromRocks(status, "reading the head of stream " + stream);
  }
  CacheHead(stream, head);
  return head;
}

void AppendWriter::CacheHead(const std::string& stream, Head head) {
  if (auto it = head_cache_.find(stream); it != head_cache_.end()) {
    it->second = head;
    return;
  }
  if (head_cache_.size() >= kHeadCacheLimit) {
    auto end = head_cache_.begin();
    std::advance(end, kHeadCacheTrim);
    head_cache_.erase(head_cache_.begin(), end);
  }
  head_cache_.emplace(stream, head);
}

Result<std::optional<IdLocation>> AppendWriter::LookupId(const std::string& id,
                                                         const Batch& batch) {
  if (auto it = batch.ids.find(id); it != batch.ids.end()) return {it->second};
  std::string value;
  rocksdb::Status status =
      db_->db()->Get(rocksdb::ReadOptions(), db_->event_ids(), id, &value);
  if (status.IsNotFound()) return std::optional<IdLocation>();
  if (!status.ok()) return ErrorFromRocks(status, "looking up event id " + id);
  if (value.size() < 16) {
    return Error::Make(ErrorCode::kCorruption,
                       "the entry of event id " + id + " is malformed");
  }
  return std::optional<IdLocation>(IdLocation{value.substr(16),
                                              GetBigEndian64(value.data() + 8),
                                              GetBigEndian64(value.data())});
}

// nullopt when no id of the call is stored yet (a new append). Otherwise the
// call is a retry: the first call's result when every id sits at the same
// place in `stream` (one earlier append, in order, where `expected` puts
// it), else a conflict.
std::optional<Result<AppendResult>> AppendWriter::CheckIds(Pending& pending,
                                                           const Batch& batch,
                                                           Head head) {
  const std::vector<NewEvent>& events = *pending.events;
  std::vector<IdLocation> found;
  std::string stored_id;
  for (const NewEvent& event : events) {
    Result<std::optional<IdLocation>> location = LookupId(event.id, batch);
    if (!location.ok()) return Result<AppendResult>(location.error());
    if (location->has_value()) {
      if (stored_id.empty()) stored_id = event.id;
      found.push_back(std::move(**location));
    }
  }
  if (found.empty()) return std::nullopt;
  Result<AppendResult> outcome = RetryOutcome(
      *pending.stream, pending.expected, events.size(), found, stored_id, head);
  if (!outcome.ok()) return outcome;
  // A retry in the same batch as its original is only true once written.
  pending.depends_on_write =
      std::any_of(events.begin(), events.end(),
                  [&](const NewEvent& e) { return batch.ids.count(e.id) > 0; });
  return outcome;
}

void AppendWriter::Write(std::vector<Pending*>& pendings, Batch& batch) {
  Result<TreeFrontier> tree = StageTree(batch);
  if (!tree.ok()) {
    for (Pending* pending : pendings) {
      if (pending->depends_on_write) pending->result = tree.error();
    }
  } else if (batch.write_batch.Count() > 0) {
    rocksdb::WriteOptions write_options;
    write_options.sync = options_.durability == Durability::kSync;
    const auto write_start = std::chrono::steady_clock::now();
    rocksdb::Status status =
        db_->db()->Write(write_options, &batch.write_batch);
    write_seconds_.Observe(std::chrono::duration<double>(
                               std::chrono::steady_clock::now() - write_start)
                               .count());
    if (status.ok()) {
      const uint64_t appended = batch.last_seq - last_seq_;
      events_appended_.fetch_add(appended, std::memory_order_relaxed);
      batch_events_.Observe(static_cast<double>(appended));
      tree_ = std::move(*tree);
      for (auto& [stream, head] : batch.heads) CacheHead(stream, head);
      last_seq_ = batch.last_seq;
      head_->Publish(last_seq_);
    } else {
      const Error error = ErrorFromRocks(status, "writing appends");
      for (Pending* pending : pendings) {
        if (pending->depends_on_write) pending->result = error;
      }
      head_cache_.clear();
      Result<uint64_t> stored = db_->LastStoredSeq();
      if (stored.ok() && *stored > head_->Get()) {
        last_seq_ = *stored;  // the batch did land after all
        tree_ = std::move(*tree);
        head_->Publish(last_seq_);
      }
    }
  }
  for (Pending* pending : pendings) {
    // The caller owns `pending` and may destroy it as soon as its future is
    // ready, so the promise is moved out before it is fulfilled.
    std::promise<Result<AppendResult>> done = std::move(pending->done);
    done.set_value(std::move(*pending->result));
  }
}

Result<TreeFrontier> AppendWriter::StageTree(Batch& batch) {
  TreeFrontier tree = tree_;
  rocksdb::Status status;
  for (const std::string& leaf : batch.leaves) {
    tree.Append(leaf, [&](int level, uint64_t index, const std::string& hash) {
      if (status.ok()) {
        status = PutTreeNode(db_, batch.write_batch, level, index, hash);
      }
    });
  }
  if (!status.ok()) return ErrorFromRocks(status, "staging the audit tree");
  return tree;
}

}  // namespace keytrail::eventstore
