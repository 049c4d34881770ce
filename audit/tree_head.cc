#include "audit/tree_head.h"

#include <boost/json.hpp>

#include "base/canonical_json.h"
#include "base/hex.h"
#include "eventstore/event_store_format.h"
#include "audit/audit_format.h"

namespace keytrail::audit {
namespace {

using eventstore::GetBigEndian64;
using eventstore::PutBigEndian64;

std::string HeadKey(uint64_t tree_size) {
  std::string key(kHeadKeyPrefix);
  PutBigEndian64(key, tree_size);
  return key;
}

std::string EncodeHead(const SignedTreeHead& head) {
  std::string value;
  PutBigEndian64(value, static_cast<uint64_t>(head.timestamp));
  value += head.root_hash;
  value += head.signature;
  return value;
}

Result<SignedTreeHead> DecodeHead(std::string_view key,
                                  std::string_view value) {
  if (key.size() != kHeadKeyPrefix.size() + 8 ||
      value.size() != kHeadValueSize) {
    return Error::Make(ErrorCode::kCorruption, "malformed tree head entry");
  }
  SignedTreeHead head;
  head.tree_size = GetBigEndian64(key.data() + kHeadKeyPrefix.size());
  head.timestamp = static_cast<Micros>(GetBigEndian64(value.data()));
  head.root_hash = std::string(value.substr(8, kHashSize));
  head.signature = std::string(value.substr(8 + kHashSize));
  return head;
}

// The hex field `name` of `object`, decoded, of `size` bytes.
Result<std::string> HexField(const boost::json::object& object,
                             std::string_view name, size_t size) {
  const boost::json::value* value = object.if_contains(name);
  std::optional<std::string> bytes;
  if (value != nullptr && value->is_string()) {
    bytes = ParseHex(value->get_string());
  }
  if (!bytes || bytes->size() != size) {
    return Error::Invalid(
        std::string(name),
        "must be " + std::to_string(size * 2) + " hex digits");
  }
  return *bytes;
}

}  // namespace

std::string SignedBytes(uint64_t tree_size, std::string_view root_hash,
                        Micros timestamp) {
  std::string bytes(kTreeHeadContext);
  bytes.push_back('\0');
  PutBigEndian64(bytes, tree_size);
  bytes += root_hash;
  PutBigEndian64(bytes, static_cast<uint64_t>(timestamp));
  return bytes;
}

SignedTreeHead SignHead(const AuditKey& key, uint64_t tree_size,
                        std::string root_hash, Micros timestamp) {
  SignedTreeHead head{tree_size, std::move(root_hash), timestamp, {}};
  head.signature =
      key.Sign(SignedBytes(head.tree_size, head.root_hash, head.timestamp));
  return head;
}

bool VerifyHead(const SignedTreeHead& head, std::string_view public_key) {
  return head.root_hash.size() == kHashSize &&
         VerifySignature(
             public_key,
             SignedBytes(head.tree_size, head.root_hash, head.timestamp),
             head.signature);
}

std::string HeadJson(const SignedTreeHead& head) {
  return JsonValue(JsonObject{
                       {"root_hash", JsonValue(HexOf(head.root_hash))},
                       {"signature", JsonValue(HexOf(head.signature))},
                       {"timestamp", JsonValue(FormatRfc3339(head.timestamp))},
                       {"tree_size", JsonValue(head.tree_size)},
                   })
      .Serialize();
}

Result<SignedTreeHead> ParseHeadJson(std::string_view text) {
  boost::system::error_code ec;
  boost::json::value parsed = boost::json::parse(text, ec);
  if (ec || !parsed.is_object()) {
    return Error::Invalid("head", "is not a JSON object");
  }
  const boost::json::object& object = parsed.get_object();
  SignedTreeHead head;
  const boost::json::value* size = object.if_contains("tree_size");
  if (size == nullptr || !size->is_number() || size->is_double() ||
      (size->is_int64() && size->get_int64() < 0)) {
    return Error::Invalid("tree_size", "must be a non-negative integer");
  }
  head.tree_size = size->to_number<uint64_t>();
  const boost::json::value* time = object.if_contains("timestamp");
  std::optional<Micros> timestamp;
  if (time != nullptr && time->is_string()) {
    timestamp = ParseRfc3339(time->get_string());
  }
  if (!timestamp) return Error::Invalid("timestamp", "must be RFC 3339");
  head.timestamp = *timestamp;
  Result<std::string> root = HexField(object, "root_hash", kHashSize);
  if (!root.ok()) return root.error();
  head.root_hash = std::move(*root);
  Result<std::string> signature = HexField(object, "signature", kSignatureSize);
  if (!signature.ok()) return signature.error();
  head.signature = std::move(*signature);
  return head;
}

Status HeadLog::Put(const SignedTreeHead& head) {
  std::string latest;
  PutBigEndian64(latest, head.tree_size);
  return table_.Write({{HeadKey(head.tree_size), EncodeHead(head)},
                       {std::string(kLatestHeadKey), latest}});
}

Result<std::optional<SignedTreeHead>> HeadLog::Latest() {
  Result<std::optional<std::string>> latest =
      table_.Get(std::string(kLatestHeadKey));
  if (!latest.ok()) return latest.error();
  if (!latest->has_value()) return std::optional<SignedTreeHead>();
  if ((*latest)->size() != 8) {
    return Error::Make(ErrorCode::kCorruption, "malformed latest tree head");
  }
  return At(GetBigEndian64((*latest)->data()));
}

Result<std::optional<SignedTreeHead>> HeadLog::At(uint64_t tree_size) {
  const std::string key = HeadKey(tree_size);
  Result<std::optional<std::string>> value = table_.Get(key);
  if (!value.ok()) return value.error();
  if (!value->has_value()) return std::optional<SignedTreeHead>();
  Result<SignedTreeHead> head = DecodeHead(key, **value);
  if (!head.ok()) return head.error();
  return std::optional<SignedTreeHead>(std::move(*head));
}

Status HeadLog::ForEach(
    const std::function<bool(const SignedTreeHead&)>& visit) {
  std::optional<Error> failure;
  Status scanned =
      table_.Scan(std::string(kHeadKeyPrefix), HeadKey(UINT64_MAX) + '\x00',
                  [&](const std::string& key, const std::string& value) {
                    Result<SignedTreeHead> head = DecodeHead(key, value);
                    if (!head.ok()) {
                      failure = head.error();
                      return false;
                    }
                    return visit(*head);
                  });
  if (failure) return *failure;
  return scanned;
}

}  // namespace keytrail::audit
