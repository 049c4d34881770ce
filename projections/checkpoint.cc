// Checkpoints, side table "projections":
//
//   "views"        header := fixed32 kCheckpointFormatVersion (little-endian)
//                            fixed64 seq          the views' applied_seq
//                            fixed64 generation   names this write's chunks
//                            fixed32 chunks
//                            bytes[32] SHA-256(image)
//   ChunkKey(generation, i)  the image's bytes [i * chunk_bytes, ...)
//
// The image (Views::SerializeTo) is streamed into chunks of at most
// chunk_bytes, so neither a write nor a load ever holds it whole (a million
// tokens make a ~200 MB image; one value that size is also a poor fit for
// RocksDB). A write puts its chunks under a new generation, then in one
// atomic side-table write puts the header and deletes every other chunk
// (the previous checkpoint's, and those of a write a crash interrupted).
// A load hashes the chunks first and parses them only if the digest
// matches, so a damaged checkpoint is ignored before it is parsed.
//
// Bump kCheckpointFormatVersion when the record changes (Views' own image
// version covers the image): an old checkpoint is then ignored and the
// views rebuilt from the log.
#include "projections/checkpoint.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <istream>
#include <ostream>
#include <streambuf>

#include "base/sha256.h"

namespace keytrail::projections {
namespace {

// 2: the image in chunks (1: the whole image in the header's value).
constexpr uint32_t kCheckpointFormatVersion = 2;
constexpr size_t kDigestSize = 32;
constexpr size_t kHeaderSize = 4 + 8 + 8 + 4 + kDigestSize;
// Chunk keys sort between these (after "views", before any other key).
constexpr char kChunksFrom[] = "views/";
constexpr char kChunksTo[] = "views0";  // '0' follows '/'

void PutFixed(std::string& out, uint64_t value, int bytes) {
  for (int i = 0; i < bytes; ++i) {
    out.push_back(static_cast<char>((value >> (8 * i)) & 0xff));
  }
}

uint64_t GetFixed(const char* in, int bytes) {
  uint64_t value = 0;
  for (int i = 0; i < bytes; ++i) {
    value |= uint64_t{static_cast<uint8_t>(in[i])} << (8 * i);
  }
  return value;
}

eventstore::SideTable* Table(eventstore::EventStore& store) {
  return store.Table(kCheckpointTable);
}

std::string ChunkPrefix(uint64_t generation) {
  char prefix[40];
  std::snprintf(prefix, sizeof(prefix), "%s%016llx/", kChunksFrom,
                static_cast<unsigned long long>(generation));
  return prefix;
}

std::string ChunkKey(uint64_t generation, uint32_t index) {
  char index_hex[16];
  std::snprintf(index_hex, sizeof(index_hex), "%08x", index);
  return ChunkPrefix(generation) + index_hex;
}

struct Header {
  uint32_t format = 0;
  uint64_t seq = 0;
  uint64_t generation = 0;
  uint32_t chunks = 0;
  Sha256Digest digest{};
};

std::string EncodeHeader(const Header& header) {
  std::string out;
  PutFixed(out, header.format, 4);
  PutFixed(out, header.seq, 8);
  PutFixed(out, header.generation, 8);
  PutFixed(out, header.chunks, 4);
  out.append(Sha256DigestBytes(header.digest));
  return out;
}

// The header in `bytes`, or why it cannot be used.
Result<Header> DecodeHeader(std::string_view bytes) {
  if (bytes.size() < 4) {
    return Error::Make(ErrorCode::kCorruption, "checkpoint is truncated");
  }
  Header header;
  header.format = static_cast<uint32_t>(GetFixed(bytes.data(), 4));
  if (header.format != kCheckpointFormatVersion) {
    return Error::Make(ErrorCode::kCorruption,
                       "checkpoint of format " + std::to_string(header.format) +
                           ", this build writes " +
                           std::to_string(kCheckpointFormatVersion));
  }
  if (bytes.size() != kHeaderSize) {
    return Error::Make(ErrorCode::kCorruption, "checkpoint is truncated");
  }
  header.seq = GetFixed(bytes.data() + 4, 8);
  header.generation = GetFixed(bytes.data() + 12, 8);
  header.chunks = static_cast<uint32_t>(GetFixed(bytes.data() + 20, 4));
  std::memcpy(header.digest.data(), bytes.data() + 24, kDigestSize);
  return header;
}

// Receives the image and puts it into the table chunk by chunk, hashing
// it on the way. The first failed put stops it (status()).
class ChunkWriter : public std::streambuf {
 public:
  ChunkWriter(eventstore::SideTable& table, uint64_t generation,
              size_t chunk_bytes)
      : table_(table), generation_(generation), chunk_bytes_(chunk_bytes) {
    buffer_.reserve(chunk_bytes_);
  }

  // Puts the last, partial chunk. Call once, after the image.
  Status Finish() {
    if (status_.ok() && !buffer_.empty()) PutChunk();
    return status_;
  }
  uint32_t chunks() const { return chunks_; }
  Sha256Digest digest() { return hash_.Finish(); }

 protected:
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    for (std::streamsize done = 0; done < n;) {
      if (!status_.ok()) return done;
      size_t room = chunk_bytes_ - buffer_.size();
      size_t take = std::min(room, static_cast<size_t>(n - done));
      buffer_.append(s + done, take);
      done += static_cast<std::streamsize>(take);
      if (buffer_.size() == chunk_bytes_) PutChunk();
    }
    return n;
  }
  int_type overflow(int_type c) override {
    if (c == traits_type::eof()) return traits_type::not_eof(c);
    char byte = traits_type::to_char_type(c);
    return xsputn(&byte, 1) == 1 ? c : traits_type::eof();
  }

 private:
  void PutChunk() {
    hash_.Update(buffer_);
    status_ = table_.Put(ChunkKey(generation_, chunks_), buffer_);
    ++chunks_;
    buffer_.clear();
  }

  eventstore::SideTable& table_;
  const uint64_t generation_;
  const size_t chunk_bytes_;
  std::string buffer_;
  uint32_t chunks_ = 0;
  Sha256Stream hash_;
  Status status_ = OkStatus();
};

// Gives the chunks of one checkpoint as one stream, reading one chunk at a
// time. A chunk that cannot be read ends the stream (the parse then fails).
class ChunkReader : public std::streambuf {
 public:
  ChunkReader(eventstore::SideTable& table, const Header& header)
      : table_(table), header_(header) {}

 protected:
  int_type underflow() override {
    if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
    chunk_.clear();
    while (chunk_.empty() && next_ < header_.chunks) {
      Result<std::optional<std::string>> read =
          table_.Get(ChunkKey(header_.generation, next_++));
      if (!read.ok() || !read->has_value()) return traits_type::eof();
      chunk_ = std::move(**read);
    }
    if (chunk_.empty()) return traits_type::eof();
    setg(chunk_.data(), chunk_.data(), chunk_.data() + chunk_.size());
    return traits_type::to_int_type(*gptr());
  }

 private:
  eventstore::SideTable& table_;
  const Header header_;
  uint32_t next_ = 0;
  std::string chunk_;
};

// Why the chunks of `header` cannot be used (missing, or not the image the
// header's digest names); empty when they can.
Result<std::string> CheckChunks(eventstore::SideTable& table,
                                const Header& header) {
  Sha256Stream hash;
  for (uint32_t i = 0; i < header.chunks; ++i) {
    Result<std::optional<std::string>> chunk =
        table.Get(ChunkKey(header.generation, i));
    if (!chunk.ok()) return chunk.error();
    if (!chunk->has_value()) {
      return "checkpoint chunk " + std::to_string(i) + " is missing";
    }
    hash.Update(**chunk);
  }
  if (hash.Finish() != header.digest) {
    return std::string("checkpoint digest does not match its bytes");
  }
  return std::string();
}

}  // namespace

Status WriteCheckpoint(eventstore::EventStore& store, const Views& views,
                       const CheckpointOptions& options) {
  eventstore::SideTable& table = *Table(store);
  Header header;
  header.format = kCheckpointFormatVersion;
  header.seq = views.applied_seq();
  header.generation = 1;
  Result<std::optional<std::string>> previous = table.Get(kCheckpointKey);
  if (!previous.ok()) return previous.error();
  if (previous->has_value()) {
    if (Result<Header> old = DecodeHeader(**previous); old.ok()) {
      header.generation = old->generation + 1;
    }
  }

  ChunkWriter writer(table, header.generation,
                     std::max<size_t>(1, options.chunk_bytes));
  std::ostream out(&writer);
  const bool serialized = views.SerializeTo(out);
  if (Status finished = writer.Finish(); !finished.ok()) return finished;
  if (!serialized) {
    return Error::Make(ErrorCode::kInternal, "checkpoint image not written");
  }
  header.chunks = writer.chunks();
  header.digest = writer.digest();

  // Switch to the new chunks and drop every other one, atomically.
  std::vector<std::pair<std::string, std::optional<std::string>>> writes;
  writes.emplace_back(kCheckpointKey, EncodeHeader(header));
  const std::string mine = ChunkPrefix(header.generation);
  Status listed = table.Scan(kChunksFrom, kChunksTo,
                             [&](const std::string& key, const std::string&) {
                               if (!key.starts_with(mine))
                                 writes.emplace_back(key, std::nullopt);
                               return true;
                             });
  if (!listed.ok()) return listed;
  return table.Write(writes);
}

Status DropCheckpoint(eventstore::EventStore& store) {
  eventstore::SideTable& table = *Table(store);
  std::vector<std::pair<std::string, std::optional<std::string>>> writes;
  writes.emplace_back(kCheckpointKey, std::nullopt);
  Status listed = table.Scan(kChunksFrom, kChunksTo,
                             [&](const std::string& key, const std::string&) {
                               writes.emplace_back(key, std::nullopt);
                               return true;
                             });
  if (!listed.ok()) return listed;
  return table.Write(writes);
}

Result<LoadedCheckpoint> LoadCheckpoint(eventstore::EventStore& store) {
  eventstore::SideTable& table = *Table(store);
  Result<std::optional<std::string>> record = table.Get(kCheckpointKey);
  if (!record.ok()) return record.error();
  LoadedCheckpoint loaded;
  if (!record->has_value()) return loaded;
  Result<Header> header = DecodeHeader(**record);
  if (!header.ok()) {
    loaded.ignored_reason = header.error().message;
    return loaded;
  }
  Result<std::string> unusable = CheckChunks(table, *header);
  if (!unusable.ok()) return unusable.error();
  if (!unusable->empty()) {
    loaded.ignored_reason = *unusable;
    return loaded;
  }
  ChunkReader reader(table, *header);
  std::istream in(&reader);
  Result<Views> views = Views::Deserialize(in);
  if (!views.ok()) {
    loaded.ignored_reason = views.error().message;
  } else if (views->applied_seq() != header->seq) {
    loaded.ignored_reason = "checkpoint header and image disagree on seq";
  } else {
    loaded.views = std::move(views).value();
  }
  return loaded;
}

}  // namespace keytrail::projections
