// ByteCodec: the building blocks of keytrail's sortable side-table keys and
// compact values, said once (projections/usage_format.cc and
// app/webhook_outbox.cc write their grammars with them):
//
//   fixed(n)  n bytes, big-endian: keys sort by the number
//   time64    fixed(8) of (micros XOR 2^63): keys sort by time, negative too
//   varint    LevelDB/protobuf base-128 varint, low groups first
//   string    varint(length) bytes
//
// Each Get* reads from the front of `in`, advances it past what it read and
// returns false (leaving `in` unspecified) when the bytes are too short or
// malformed. Pure functions; thread-safe.
#ifndef KEYTRAIL_BASE_BYTE_CODEC_H_
#define KEYTRAIL_BASE_BYTE_CODEC_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "base/time.h"

namespace keytrail::byte_codec {

inline void PutFixed(std::string& out, uint64_t v, int bytes) {
  for (int shift = 8 * (bytes - 1); shift >= 0; shift -= 8) {
    out.push_back(static_cast<char>((v >> shift) & 0xff));
  }
}

inline bool GetFixed(std::string_view& in, int bytes, uint64_t* v) {
  if (in.size() < static_cast<size_t>(bytes)) return false;
  *v = 0;
  for (int i = 0; i < bytes; ++i) *v = (*v << 8) | static_cast<uint8_t>(in[i]);
  in.remove_prefix(bytes);
  return true;
}

inline void PutFixed64(std::string& out, uint64_t v) { PutFixed(out, v, 8); }
inline bool GetFixed64(std::string_view& in, uint64_t* v) {
  return GetFixed(in, 8, v);
}

inline constexpr uint64_t kTimeSignBit = uint64_t{1} << 63;

inline void PutTime(std::string& out, Micros t) {
  PutFixed64(out, static_cast<uint64_t>(t) ^ kTimeSignBit);
}

inline bool GetTime(std::string_view& in, Micros* t) {
  uint64_t v = 0;
  if (!GetFixed64(in, &v)) return false;
  *t = static_cast<Micros>(v ^ kTimeSignBit);
  return true;
}

inline void PutVarint(std::string& out, uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>(v | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

inline bool GetVarint(std::string_view& in, uint64_t* v) {
  *v = 0;
  for (int shift = 0; shift <= 63 && !in.empty(); shift += 7) {
    const uint8_t byte = static_cast<uint8_t>(in.front());
    in.remove_prefix(1);
    *v |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) return true;
  }
  return false;
}

inline void PutString(std::string& out, std::string_view s) {
  PutVarint(out, s.size());
  out.append(s);
}

inline bool GetString(std::string_view& in, std::string* s) {
  uint64_t size = 0;
  if (!GetVarint(in, &size) || size > in.size()) return false;
  s->assign(in.substr(0, size));
  in.remove_prefix(size);
  return true;
}

}  // namespace keytrail::byte_codec

#endif  // KEYTRAIL_BASE_BYTE_CODEC_H_
