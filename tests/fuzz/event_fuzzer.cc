// Fuzzes event decoding (the cereal bytes read from disk): the first byte
// picks an event type (or, past the list, the rest up to a NUL is the type
// name), the second the schema version; the rest is the payload. Decoding
// answers an event or kCorruption, never a crash; a decoded event encodes
// and decodes back to the same type.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "domain/event_codec.h"
#include "domain/events.h"

namespace {

constexpr std::string_view kTypes[] = {
    "AccountCreated",   "AccountPlanChanged",   "AccountSettingsChanged",
    "GroupCreated",     "GroupUpdated",         "GroupDeleted",
    "UserCreated",      "UserUpdated",          "UserDeactivated",
    "UserActivated",    "TokenCreated",         "TokenUpdated",
    "TokenRegenerated", "TokenRevealed",        "TokenDisabled",
    "TokenEnabled",     "TokenRevoked",         "TokenUsed",
    "TokenUseRejected", "UnknownTokenRejected", "GrantAdded",
    "GrantRemoved",     "ConsoleSignedIn",      "ConsoleSessionTouched",
    "ConsoleSignedOut", "ConsoleSignInFailed"};
constexpr size_t kTypeCount = sizeof(kTypes) / sizeof(kTypes[0]);

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  std::string_view rest(reinterpret_cast<const char*>(data) + 2, size - 2);
  std::string_view type;
  if (data[0] < kTypeCount) {
    type = kTypes[data[0]];
  } else {
    size_t nul = rest.find('\0');
    type = rest.substr(0, nul);
    rest = nul == std::string_view::npos ? "" : rest.substr(nul + 1);
  }
  uint32_t version = data[1];
  keytrail::Result<keytrail::Event> event =
      keytrail::DecodeEvent(type, version, rest);
  if (!event.ok()) return 0;
  keytrail::EncodedEvent encoded = keytrail::EncodeEvent(*event);
  keytrail::Result<keytrail::Event> again = keytrail::DecodeEvent(
      encoded.type, encoded.schema_version, encoded.payload);
  if (!again.ok() || again->index() != event->index()) std::abort();
  return 0;
}
