#include "projections/views_internal.h"

namespace keytrail::projections::internal {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

char LowerAscii(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

}  // namespace

std::optional<SecretKey> ParseSecretKey(std::string_view hex) {
  SecretKey key;
  if (hex.size() != key.size() * 2) return std::nullopt;
  for (size_t i = 0; i < key.size(); ++i) {
    int hi = HexValue(hex[2 * i]);
    int lo = HexValue(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    key[i] = static_cast<uint8_t>(hi << 4 | lo);
  }
  return key;
}

std::string SecretKeyHex(const SecretKey& key) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(key.size() * 2);
  for (uint8_t b : key) {
    hex.push_back(kHex[b >> 4]);
    hex.push_back(kHex[b & 15]);
  }
  return hex;
}

std::string Lower(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) c = LowerAscii(c);
  return lower;
}

bool ContainsIgnoreCase(std::string_view haystack,
                        std::string_view lower_needle) {
  if (lower_needle.empty()) return true;
  if (haystack.size() < lower_needle.size()) return false;
  for (size_t i = 0; i + lower_needle.size() <= haystack.size(); ++i) {
    size_t j = 0;
    while (j < lower_needle.size() &&
           LowerAscii(haystack[i + j]) == lower_needle[j]) {
      ++j;
    }
    if (j == lower_needle.size()) return true;
  }
  return false;
}

std::string PairKey(std::string_view a, std::string_view b) {
  std::string key;
  key.reserve(a.size() + 1 + b.size());
  key.append(a).append(1, '\n').append(b);
  return key;
}

}  // namespace keytrail::projections::internal
