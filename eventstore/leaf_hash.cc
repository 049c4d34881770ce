#include "eventstore/leaf_hash.h"

#include <openssl/sha.h>

#include "domain/canonical_json.h"
#include "domain/time.h"
#include "eventstore/event_store_format.h"

namespace keytrail::eventstore {

std::string LeafEnvelope(uint64_t seq, const std::string& stream,
                         uint64_t version, const NewEvent& event) {
  JsonObject actor{
      {"ip", JsonValue::OptionalString(event.actor.ip)},
      {"token", JsonValue::OptionalString(event.actor.token_id)},
      {"user", JsonValue::OptionalString(event.actor.user_id)},
  };
  JsonObject envelope{
      {"actor", JsonValue(std::move(actor))},
      {"data", JsonValue(RawJson{event.data_json.empty() ? std::string("{}")
                                                         : event.data_json})},
      {"seq", JsonValue(seq)},
      {"stream", JsonValue(stream)},
      {"time", JsonValue(FormatRfc3339(event.time))},
      {"type", JsonValue(event.type)},
      {"version", JsonValue(version)},
  };
  return JsonValue(std::move(envelope)).Serialize();
}

std::string LeafHash(uint64_t seq, const std::string& stream, uint64_t version,
                     const NewEvent& event) {
  std::string input(1, '\0');  // RFC 6962 leaf prefix
  input += LeafEnvelope(seq, stream, version, event);
  std::string hash(kLeafHashSize, '\0');
  SHA256(reinterpret_cast<const unsigned char*>(input.data()), input.size(),
         reinterpret_cast<unsigned char*>(hash.data()));
  return hash;
}

}  // namespace keytrail::eventstore
