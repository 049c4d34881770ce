// The envelope is written field by field rather than through a JsonValue
// tree: its keys are fixed, so their JCS order is fixed too, and verify-store
// recomputes one envelope per event. Grammar (JCS, keys in byte order):
//
//   envelope := '{"actor":{"ip":' str ',"token":' str ',"user":' str '},'
//               '"data":' data [ ',"leaf_hash":"' hex64 '"' ]
//               ',"seq":' uint ',"stream":' str ',"time":"' rfc3339 '"'
//               ',"type":' str ',"version":' uint '}'
//   str      := JSON string (AppendJsonString) | null when empty (actor only)
//
// The bracketed leaf_hash is present in the /v1/audit item only.
#include "eventstore/leaf_hash.h"

#include "base/canonical_json.h"
#include "base/hex.h"
#include "base/sha256.h"
#include "eventstore/event_store_format.h"

namespace keytrail::eventstore {
namespace {

void AppendOptionalString(std::string& out, const std::string& value) {
  if (value.empty()) {
    out += "null";
  } else {
    AppendJsonString(out, value);
  }
}

void AppendEnvelope(std::string& out, const LeafFields& fields,
                    std::string_view leaf_hash) {
  out += R"({"actor":{"ip":)";
  AppendOptionalString(out, fields.actor->ip);
  out += R"(,"token":)";
  AppendOptionalString(out, fields.actor->token_id);
  out += R"(,"user":)";
  AppendOptionalString(out, fields.actor->user_id);
  out += R"(},"data":)";
  out += fields.data_json.empty() ? std::string_view("{}") : fields.data_json;
  if (!leaf_hash.empty()) {
    out += R"(,"leaf_hash":")";
    out += HexOf(leaf_hash);
    out += '"';
  }
  out += R"(,"seq":)";
  out += std::to_string(fields.seq);
  out += R"(,"stream":)";
  AppendJsonString(out, fields.stream);
  out += R"(,"time":")";
  out += FormatRfc3339(fields.time);
  out += R"(","type":)";
  AppendJsonString(out, fields.type);
  out += R"(,"version":)";
  out += std::to_string(fields.version);
  out += '}';
}

LeafFields FieldsOf(uint64_t seq, const std::string& stream, uint64_t version,
                    const NewEvent& event) {
  return LeafFields{seq,        stream,       version,        event.type,
                    event.time, &event.actor, event.data_json};
}

}  // namespace

LeafFields LeafFieldsOf(const RecordedEvent& event,
                        std::string_view data_json) {
  return LeafFields{event.seq,  event.stream, event.version, event.type,
                    event.time, &event.actor, data_json};
}

std::string LeafEnvelope(const LeafFields& fields) {
  std::string out;
  out.reserve(256 + fields.data_json.size());
  AppendEnvelope(out, fields, {});
  return out;
}

std::string LeafEnvelope(uint64_t seq, const std::string& stream,
                         uint64_t version, const NewEvent& event) {
  return LeafEnvelope(FieldsOf(seq, stream, version, event));
}

std::string LeafHash(const LeafFields& fields) {
  std::string input(1, '\0');  // RFC 6962 leaf prefix
  input.reserve(256 + fields.data_json.size());
  AppendEnvelope(input, fields, {});
  return Sha256({input});
}

std::string LeafHash(uint64_t seq, const std::string& stream, uint64_t version,
                     const NewEvent& event) {
  return LeafHash(FieldsOf(seq, stream, version, event));
}

std::string AuditItemJson(const LeafFields& fields,
                          std::string_view leaf_hash) {
  std::string out;
  out.reserve(320 + fields.data_json.size());
  AppendEnvelope(out, fields, leaf_hash);
  return out;
}

}  // namespace keytrail::eventstore
