// The checkpoint record, side table "projections", key "views":
//
//   record := fixed32 kCheckpointFormatVersion   (little-endian)
//             fixed64 seq                        the views' applied_seq
//             bytes[32] SHA-256(image)
//             image                              Views::Serialize()
//
// The digest guards the (possibly large) image against a torn or damaged
// value, so that a bad checkpoint is ignored before it is parsed. Bump
// kCheckpointFormatVersion when the record or the image changes: an old
// checkpoint is then ignored and the views rebuilt from the log.
#include "projections/checkpoint.h"

#include <openssl/sha.h>

#include <cstring>

namespace keytrail::projections {
namespace {

constexpr uint32_t kCheckpointFormatVersion = 1;
constexpr size_t kDigestSize = SHA256_DIGEST_LENGTH;
constexpr size_t kHeaderSize = 4 + 8 + kDigestSize;

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

void Digest(std::string_view bytes, unsigned char* out) {
  SHA256(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
         out);
}

eventstore::SideTable* Table(eventstore::EventStore& store) {
  return store.Table(kCheckpointTable);
}

}  // namespace

Status WriteCheckpoint(eventstore::EventStore& store, const Views& views) {
  std::string record;
  PutFixed(record, kCheckpointFormatVersion, 4);
  PutFixed(record, views.applied_seq(), 8);
  record.resize(kHeaderSize);  // the digest goes here, once computed
  views.SerializeTo(record);
  Digest(std::string_view(record).substr(kHeaderSize),
         reinterpret_cast<unsigned char*>(&record[12]));
  return Table(store)->Put(kCheckpointKey, record);
}

Status DropCheckpoint(eventstore::EventStore& store) {
  return Table(store)->Delete(kCheckpointKey);
}

Result<LoadedCheckpoint> LoadCheckpoint(eventstore::EventStore& store) {
  Result<std::optional<std::string>> record = Table(store)->Get(kCheckpointKey);
  if (!record.ok()) return record.error();
  LoadedCheckpoint loaded;
  if (!record->has_value()) return loaded;
  std::string_view bytes = **record;
  if (bytes.size() < kHeaderSize) {
    loaded.ignored_reason = "checkpoint is truncated";
    return loaded;
  }
  uint32_t format = static_cast<uint32_t>(GetFixed(bytes.data(), 4));
  uint64_t seq = GetFixed(bytes.data() + 4, 8);
  if (format != kCheckpointFormatVersion) {
    loaded.ignored_reason = "checkpoint of format " + std::to_string(format) +
                            ", this build writes " +
                            std::to_string(kCheckpointFormatVersion);
    return loaded;
  }
  std::string_view image = bytes.substr(kHeaderSize);
  unsigned char digest[kDigestSize];
  Digest(image, digest);
  if (std::memcmp(digest, bytes.data() + 12, kDigestSize) != 0) {
    loaded.ignored_reason = "checkpoint digest does not match its bytes";
    return loaded;
  }
  Result<Views> views = Views::Deserialize(image);
  if (!views.ok()) {
    loaded.ignored_reason = views.error().message;
  } else if (views->applied_seq() != seq) {
    loaded.ignored_reason = "checkpoint header and image disagree on seq";
  } else {
    loaded.views = std::move(views).value();
  }
  return loaded;
}

}  // namespace keytrail::projections
