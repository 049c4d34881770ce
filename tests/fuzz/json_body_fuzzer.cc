// Fuzzes the one JSON body reader (JsonBody) the way the decoders of every
// route use it: parse, then read fields of each kind by the names the API
// uses, then Finish() (unknown fields, wrong types). The routes' own
// decoders are reached with real bodies by the http fuzzer.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "http/json_body.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto body = keytrail::http::JsonBody::Parse(text);
  if (!body.ok()) return 0;
  (void)body->OptionalString("name");
  (void)body->NullableString("expires_at");
  (void)body->OptionalString("description");
  (void)body->NullableInt("max_active_tokens");
  (void)body->OptionalInt("grace_seconds");
  (void)body->OptionalBool("api_access");
  (void)body->OptionalStringArray("groups");
  (void)body->OptionalStringArray("permissions");
  (void)body->OptionalString("token");
  (void)body->Finish();
  return 0;
}
