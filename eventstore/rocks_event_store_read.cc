// RocksEventStore reads. Every read takes the published head first and
// returns nothing beyond it, so readers never see seq N+1 before N even while
// a write that holds N+1 is being applied.
#include <algorithm>

#include "eventstore/event_store_format.h"
#include "eventstore/record_codec.h"
#include "eventstore/rocks_event_store.h"
#include "eventstore/rocks_status.h"

namespace keytrail::eventstore {
namespace {

// ReadAll() calls that may return more events than this bypass the block
// cache.
constexpr size_t kCachedScanLimit = 256;

Error Malformed(const std::string& what) {
  return Error::Make(ErrorCode::kCorruption, "malformed " + what);
}

// The first key after every stream_index key of `stream`.
std::string StreamIndexEnd(const std::string& stream) {
  std::string end = stream;
  end.push_back(kStreamSeparator + 1);
  return end;
}

}  // namespace

Status RocksEventStore::ReadAllInto(uint64_t from_seq, size_t max_count,
                                    std::vector<RecordedEvent>* events) {
  const uint64_t head = head_->Get();
  from_seq = std::max<uint64_t>(from_seq, 1);
  if (from_seq > head || max_count == 0) {
    events->clear();
    return OkStatus();
  }
  const uint64_t want = std::min<uint64_t>(max_count, head - from_seq + 1);
  events->reserve(want);
  const std::string upper_key = SeqKey(head + 1);
  const rocksdb::Slice upper(upper_key);
  rocksdb::ReadOptions options;
  options.iterate_upper_bound = &upper;
  // A long scan (history catch-up, a replay) would evict the whole block
  // cache for blocks it reads once; short reads near the head keep using it.
  options.fill_cache = want <= kCachedScanLimit;
  std::unique_ptr<rocksdb::Iterator> it(
      db_->db()->NewIterator(options, db_->events()));
  size_t count = 0;
  for (it->Seek(SeqKey(from_seq)); it->Valid() && count < max_count;
       it->Next(), ++count) {
    const rocksdb::Slice key = it->key();
    const uint64_t seq = key.size() == 8 ? GetBigEndian64(key.data()) : 0;
    // Decoding over an element of an earlier read reuses its buffers.
    RecordedEvent& event =
        count < events->size() ? (*events)[count] : events->emplace_back();
    if (seq == 0 || !DecodeRecord(seq, it->value().ToStringView(), &event)) {
      return Malformed("event record at seq " + std::to_string(seq));
    }
  }
  if (!it->status().ok()) return ErrorFromRocks(it->status(), "reading events");
  events->resize(count);
  return OkStatus();
}

Result<std::vector<RecordedEvent>> RocksEventStore::ReadStream(
    const std::string& stream, uint64_t from_version, size_t max_count) {
  const uint64_t head = head_->Get();
  std::vector<uint64_t> seqs;
  const std::string upper_key = StreamIndexEnd(stream);
  const rocksdb::Slice upper(upper_key);
  rocksdb::ReadOptions options;
  options.iterate_upper_bound = &upper;
  options.prefix_same_as_start = true;
  std::unique_ptr<rocksdb::Iterator> it(
      db_->db()->NewIterator(options, db_->stream_index()));
  for (it->Seek(StreamIndexKey(stream, from_version));
       it->Valid() && seqs.size() < max_count; it->Next()) {
    if (it->value().size() != 8) return Malformed("stream index of " + stream);
    const uint64_t seq = GetBigEndian64(it->value().data());
    if (seq > head) break;  // not published yet
    seqs.push_back(seq);
  }
  if (!it->status().ok()) {
    return ErrorFromRocks(it->status(), "reading stream " + stream);
  }
  std::vector<RecordedEvent> events(seqs.size());
  for (size_t i = 0; i < seqs.size(); ++i) {
    Status read = ReadSeq(seqs[i], &events[i]);
    if (!read.ok()) return read.error();
  }
  return events;
}

Result<std::optional<uint64_t>> RocksEventStore::StreamHead(
    const std::string& stream) {
  const uint64_t head = head_->Get();
  std::string value;
  rocksdb::Status status = db_->db()->Get(rocksdb::ReadOptions(),
                                          db_->stream_heads(), stream, &value);
  if (status.IsNotFound()) return std::optional<uint64_t>();
  if (!status.ok()) {
    return ErrorFromRocks(status, "reading the head of stream " + stream);
  }
  if (value.size() != 16) return Malformed("head of stream " + stream);
  const uint64_t version = GetBigEndian64(value.data());
  if (GetBigEndian64(value.data() + 8) <= head) return {version};
  // Written but not yet published: the head as of the published seq.
  return StreamHeadAt(stream, version, head);
}

Result<std::optional<uint64_t>> RocksEventStore::StreamHeadAt(
    const std::string& stream, uint64_t version, uint64_t head) {
  const std::string lower_key = StreamIndexPrefix(stream);
  const rocksdb::Slice lower(lower_key);
  rocksdb::ReadOptions options;
  options.iterate_lower_bound = &lower;
  options.total_order_seek = true;  // a backward scan; a rare path
  std::unique_ptr<rocksdb::Iterator> it(
      db_->db()->NewIterator(options, db_->stream_index()));
  for (it->SeekForPrev(StreamIndexKey(stream, version)); it->Valid();
       it->Prev()) {
    if (it->value().size() != 8 || it->key().size() != lower_key.size() + 8) {
      return Malformed("stream index of " + stream);
    }
    if (GetBigEndian64(it->value().data()) <= head) {
      return std::optional<uint64_t>(
          GetBigEndian64(it->key().data() + lower_key.size()));
    }
  }
  if (!it->status().ok()) {
    return ErrorFromRocks(it->status(), "reading stream " + stream);
  }
  return std::optional<uint64_t>();
}

Result<RecordedEvent> RocksEventStore::ReadById(const std::string& id) {
  const uint64_t head = head_->Get();
  std::string value;
  rocksdb::Status status =
      db_->db()->Get(rocksdb::ReadOptions(), db_->event_ids(), id, &value);
  if (!status.ok() && !status.IsNotFound()) {
    return ErrorFromRocks(status, "looking up event id " + id);
  }
  if (status.ok() && value.size() < 16) return Malformed("event id " + id);
  if (status.IsNotFound() || GetBigEndian64(value.data()) > head) {
    return Error::Make(ErrorCode::kNotFound, "no event with id " + id);
  }
  RecordedEvent event;
  Status read = ReadSeq(GetBigEndian64(value.data()), &event);
  if (!read.ok()) return read.error();
  return event;
}

Status RocksEventStore::ReadSeq(uint64_t seq, RecordedEvent* event) {
  rocksdb::PinnableSlice value;
  rocksdb::Status status = db_->db()->Get(rocksdb::ReadOptions(), db_->events(),
                                          SeqKey(seq), &value);
  if (status.IsNotFound()) {
    return Error::Make(
        ErrorCode::kCorruption,
        "the event at seq " + std::to_string(seq) + " is indexed but missing");
  }
  if (!status.ok()) {
    return ErrorFromRocks(status, "reading seq " + std::to_string(seq));
  }
  if (!DecodeRecord(seq, value.ToStringView(), event)) {
    return Malformed("event record at seq " + std::to_string(seq));
  }
  return OkStatus();
}

}  // namespace keytrail::eventstore
