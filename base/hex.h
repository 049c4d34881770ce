// Hex: the one codec between bytes and hexadecimal text (hashes and
// signatures in audit JSON, secret hashes in events, the master key in the
// environment).
//
// Thread-safe (pure functions).
#ifndef KEYTRAIL_BASE_HEX_H_
#define KEYTRAIL_BASE_HEX_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace keytrail {

// Lowercase hex of `bytes`.
std::string HexOf(std::string_view bytes);

// Decodes `text` into `out`: true when `text` is exactly 2 × out.size() hex
// digits (either case); else false, with `out` unspecified.
bool ParseHexInto(std::string_view text, std::span<uint8_t> out);

// The bytes of hex `text` (either case); nullopt when it is not hex.
std::optional<std::string> ParseHex(std::string_view text);

}  // namespace keytrail

#endif  // KEYTRAIL_BASE_HEX_H_
