// Record layout (the value of an `events` entry; the key is BE64(seq)):
//
//   record         := kRecordTag
//                     version         varint64
//                     schema_version  varint64  (at most 2^32-1)
//                     time            fixed64   (int64 micros, little endian)
//                     stream          string
//                     id              string
//                     type            string
//                     actor_token     string
//                     actor_user      string
//                     actor_ip        string
//                     leaf_hash       32 bytes  (SHA-256, raw)
//                     payload         string
//                     idempotency_key string    (empty: none)
//   string         := varint64 length, then `length` bytes
//   varint64       := LevelDB/protobuf base-128 varint, low groups first
//   kRecordTag     := 0x01; a new record layout gets a new tag
//
// Nothing may follow the idempotency key. The stream, id and version are also
// in the index column families; the record repeats them so that one Get or one
// forward scan of `events` yields whole events.
#include "eventstore/record_codec.h"

#include "eventstore/event_store_format.h"

namespace keytrail::eventstore {
namespace {

constexpr char kRecordTag = 0x01;

void PutVarint64(std::string& out, uint64_t value) {
  while (value >= 0x80) {
    out.push_back(static_cast<char>((value & 0x7f) | 0x80));
    value >>= 7;
  }
  out.push_back(static_cast<char>(value));
}

void PutString(std::string& out, std::string_view text) {
  PutVarint64(out, text.size());
  out.append(text);
}

void PutFixed64(std::string& out, uint64_t value) {
  for (int i = 0; i < 8; ++i) {
    out.push_back(static_cast<char>((value >> (8 * i)) & 0xff));
  }
}

// A cursor over the record bytes; every Get* returns false past the end.
class Reader {
 public:
  explicit Reader(std::string_view data) : data_(data) {}

  bool GetVarint64(uint64_t* value) {
    uint64_t result = 0;
    for (int shift = 0; shift <= 63 && !data_.empty(); shift += 7) {
      uint64_t byte = static_cast<unsigned char>(data_.front());
      data_.remove_prefix(1);
      result |= (byte & 0x7f) << shift;
      if ((byte & 0x80) == 0) {
        *value = result;
        return true;
      }
    }
    return false;
  }

  bool GetFixed64(uint64_t* value) {
    if (data_.size() < 8) return false;
    uint64_t result = 0;
    for (int i = 7; i >= 0; --i) {
      result = (result << 8) | static_cast<unsigned char>(data_[i]);
    }
    data_.remove_prefix(8);
    *value = result;
    return true;
  }

  bool GetBytes(size_t length, std::string* out) {
    if (data_.size() < length) return false;
    out->assign(data_.data(), length);
    data_.remove_prefix(length);
    return true;
  }

  bool GetString(std::string* out) {
    uint64_t length = 0;
    return GetVarint64(&length) && GetBytes(length, out);
  }

  bool GetByte(char* out) {
    if (data_.empty()) return false;
    *out = data_.front();
    data_.remove_prefix(1);
    return true;
  }

  bool AtEnd() const { return data_.empty(); }

 private:
  std::string_view data_;
};

}  // namespace

void EncodeRecord(const RecordedEvent& event, std::string& out) {
  out.reserve(out.size() + 64 + event.stream.size() + event.id.size() +
              event.type.size() + event.payload.size() +
              event.idempotency_key.size() + kLeafHashSize);
  out.push_back(kRecordTag);
  PutVarint64(out, event.version);
  PutVarint64(out, event.schema_version);
  PutFixed64(out, static_cast<uint64_t>(event.time));
  PutString(out, event.stream);
  PutString(out, event.id);
  PutString(out, event.type);
  PutString(out, event.actor.token_id);
  PutString(out, event.actor.user_id);
  PutString(out, event.actor.ip);
  out.append(event.leaf_hash);
  PutString(out, event.payload);
  PutString(out, event.idempotency_key);
}

bool DecodeRecord(uint64_t seq, std::string_view data, RecordedEvent* event) {
  Reader reader(data);
  char tag = 0;
  uint64_t schema_version = 0;
  uint64_t time = 0;
  if (!reader.GetByte(&tag) || tag != kRecordTag) return false;
  if (!reader.GetVarint64(&event->version) ||
      !reader.GetVarint64(&schema_version) || schema_version > UINT32_MAX ||
      !reader.GetFixed64(&time) || !reader.GetString(&event->stream) ||
      !reader.GetString(&event->id) || !reader.GetString(&event->type) ||
      !reader.GetString(&event->actor.token_id) ||
      !reader.GetString(&event->actor.user_id) ||
      !reader.GetString(&event->actor.ip) ||
      !reader.GetBytes(kLeafHashSize, &event->leaf_hash) ||
      !reader.GetString(&event->payload) ||
      !reader.GetString(&event->idempotency_key) || !reader.AtEnd()) {
    return false;
  }
  event->seq = seq;
  event->schema_version = static_cast<uint32_t>(schema_version);
  event->time = static_cast<Micros>(time);
  return true;
}

}  // namespace keytrail::eventstore
