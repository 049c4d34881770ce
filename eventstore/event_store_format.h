// The on-disk layout of a keytrail store: column family names, meta keys,
// the format version and the fixed-width key encodings. eventstore/README.md
// describes the same layout in prose; the record value grammar is at the top
// of record_codec.cc.
//
// Column families (all keys sort bytewise):
//   events        BE64(seq)                      -> record (record_codec.h)
//   stream_index  stream 0x00 BE64(version)      -> BE64(seq)
//   stream_heads  stream                         -> BE64(version) BE64(seq)
//   event_ids     id                             -> BE64(seq) BE64(version)
//                                                   stream
//   meta          kMetaFormatVersion etc.        -> see below
//   tree          level BE64(index)              -> hash[32] (merkle_format.h)
//   side:<name>   caller's key                   -> caller's value
//
// BE64 is a big-endian uint64, so keys sort numerically. Streams never hold
// 0x00 (Append rejects it), so `stream 0x00` is an unambiguous prefix.
#ifndef KEYTRAIL_EVENTSTORE_EVENT_STORE_FORMAT_H_
#define KEYTRAIL_EVENTSTORE_EVENT_STORE_FORMAT_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace keytrail::eventstore {

// Bumped on any incompatible change of the layout above. A store whose meta
// holds a larger number is refused: this build cannot read it.
inline constexpr uint64_t kFormatVersion = 1;

inline constexpr std::string_view kEventsColumnFamily = "events";
inline constexpr std::string_view kStreamIndexColumnFamily = "stream_index";
inline constexpr std::string_view kStreamHeadsColumnFamily = "stream_heads";
inline constexpr std::string_view kEventIdsColumnFamily = "event_ids";
inline constexpr std::string_view kMetaColumnFamily = "meta";
// Side table `name` lives in column family kSideTablePrefix + name.
inline constexpr std::string_view kSideTablePrefix = "side:";

// meta keys. Values: format_version BE64; store_id a UUID text;
// created_at BE64 of the creation time in micros since the epoch.
inline constexpr std::string_view kMetaFormatVersion = "format_version";
inline constexpr std::string_view kMetaStoreId = "store_id";
inline constexpr std::string_view kMetaCreatedAt = "created_at";

// Separates the stream from the version in stream_index keys.
inline constexpr char kStreamSeparator = '\0';

// Length of a leaf hash (SHA-256).
inline constexpr size_t kLeafHashSize = 32;

inline void PutBigEndian64(std::string& out, uint64_t value) {
  for (int shift = 56; shift >= 0; shift -= 8) {
    out.push_back(static_cast<char>((value >> shift) & 0xff));
  }
}

// Reads 8 bytes at `data`; the caller checks the length.
inline uint64_t GetBigEndian64(const char* data) {
  uint64_t value = 0;
  for (int i = 0; i < 8; ++i) {
    value = (value << 8) | static_cast<unsigned char>(data[i]);
  }
  return value;
}

inline std::string SeqKey(uint64_t seq) {
  std::string key;
  PutBigEndian64(key, seq);
  return key;
}

// The prefix of every stream_index key of `stream`.
inline std::string StreamIndexPrefix(std::string_view stream) {
  std::string key(stream);
  key.push_back(kStreamSeparator);
  return key;
}

inline std::string StreamIndexKey(std::string_view stream, uint64_t version) {
  std::string key = StreamIndexPrefix(stream);
  PutBigEndian64(key, version);
  return key;
}

}  // namespace keytrail::eventstore

#endif  // KEYTRAIL_EVENTSTORE_EVENT_STORE_FORMAT_H_
