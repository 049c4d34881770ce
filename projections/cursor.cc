// Cursor bytes (before base64url, see cursor.h):
//   byte    kCursorVersion (0x01)
//   varstr  list   e.g. "tokens/name/asc"
//   varstr  key    the sort key of the last item served
//   varstr  id     the id of the last item served
// varstr := varint32 length (7 bits a byte, low bits first), then the bytes.
#include "projections/cursor.h"

#include <array>

#include "projections/views_internal.h"

namespace keytrail::projections {
namespace {

constexpr char kCursorVersion = 0x01;
constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
// Longest cursor text accepted, far above any real one.
constexpr size_t kMaxCursorText = 4096;

void PutVarString(std::string& out, std::string_view s) {
  uint32_t n = static_cast<uint32_t>(s.size());
  while (n >= 0x80) {
    out.push_back(static_cast<char>((n & 0x7f) | 0x80));
    n >>= 7;
  }
  out.push_back(static_cast<char>(n));
  out.append(s);
}

bool GetVarString(std::string_view& in, std::string_view& s) {
  uint32_t n = 0;
  for (int shift = 0; shift <= 28; shift += 7) {
    if (in.empty()) return false;
    uint8_t b = static_cast<uint8_t>(in.front());
    in.remove_prefix(1);
    n |= static_cast<uint32_t>(b & 0x7f) << shift;
    if ((b & 0x80) == 0) {
      if (in.size() < n) return false;
      s = in.substr(0, n);
      in.remove_prefix(n);
      return true;
    }
  }
  return false;
}

std::string Base64UrlEncode(std::string_view in) {
  std::string out;
  out.reserve((in.size() * 4 + 2) / 3);
  size_t i = 0;
  for (; i + 3 <= in.size(); i += 3) {
    uint32_t v =
        (uint8_t(in[i]) << 16) | (uint8_t(in[i + 1]) << 8) | uint8_t(in[i + 2]);
    for (int s = 18; s >= 0; s -= 6) out.push_back(kAlphabet[(v >> s) & 63]);
  }
  size_t rest = in.size() - i;
  if (rest > 0) {
    uint32_t v = uint8_t(in[i]) << 16;
    if (rest == 2) v |= uint8_t(in[i + 1]) << 8;
    for (size_t k = 0; k <= rest; ++k) {
      out.push_back(kAlphabet[(v >> (18 - 6 * k)) & 63]);
    }
  }
  return out;
}

std::optional<std::string> Base64UrlDecode(std::string_view in) {
  static const std::array<int8_t, 256> kValue = [] {
    std::array<int8_t, 256> t;
    t.fill(-1);
    for (size_t i = 0; i < kAlphabet.size(); ++i) {
      t[static_cast<uint8_t>(kAlphabet[i])] = static_cast<int8_t>(i);
    }
    return t;
  }();
  if (in.size() % 4 == 1) return std::nullopt;
  std::string out;
  out.reserve(in.size() * 3 / 4);
  uint32_t acc = 0;
  int bits = 0;
  for (char c : in) {
    int8_t v = kValue[static_cast<uint8_t>(c)];
    if (v < 0) return std::nullopt;
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xff));
    }
  }
  // Canonical form only: the unused low bits must be zero.
  if ((acc & ((1u << bits) - 1)) != 0) return std::nullopt;
  return out;
}

Error BadCursor() {
  return Error::Invalid("cursor", "is not a cursor of this list");
}

}  // namespace

std::string EncodeCursor(std::string_view list,
                         const CursorPosition& position) {
  std::string raw(1, kCursorVersion);
  PutVarString(raw, list);
  PutVarString(raw, position.key);
  PutVarString(raw, position.id);
  return Base64UrlEncode(raw);
}

Result<CursorPosition> DecodeCursor(std::string_view list,
                                    std::string_view text) {
  if (text.size() > kMaxCursorText) return BadCursor();
  std::optional<std::string> raw = Base64UrlDecode(text);
  if (!raw || raw->empty() || (*raw)[0] != kCursorVersion) return BadCursor();
  std::string_view in(*raw);
  in.remove_prefix(1);
  std::string_view cursor_list, key, id;
  if (!GetVarString(in, cursor_list) || !GetVarString(in, key) ||
      !GetVarString(in, id) || !in.empty() || cursor_list != list) {
    return BadCursor();
  }
  return CursorPosition{std::string(key), std::string(id)};
}

std::string TimeSortKey(Micros t) {
  // Flipping the sign bit maps int64 order onto unsigned order.
  uint64_t u = static_cast<uint64_t>(t) ^ (uint64_t{1} << 63);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string key(16, '0');
  for (int i = 15; i >= 0; --i, u >>= 4) key[i] = kHex[u & 15];
  return key;
}

std::string OptionalTimeSortKey(const std::optional<Micros>& t) {
  return t ? TimeSortKey(*t) : std::string();
}

std::string TextSortKey(std::string_view text) { return internal::Lower(text); }

}  // namespace keytrail::projections
