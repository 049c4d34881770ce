// Fuzzes the secret parser: any text is accepted or refused, never a
// crash, and the two entry points agree.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "domain/secret.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  keytrail::SecretFormat format = keytrail::CheckSecretFormat(text);
  keytrail::Status parsed = keytrail::ParseSecret(text);
  if (parsed.ok() != (format == keytrail::SecretFormat::kOk)) std::abort();
  return 0;
}
