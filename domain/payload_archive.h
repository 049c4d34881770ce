// PayloadWriter / PayloadReader: the cereal archives of event payloads.
//
// Byte format (the same as cereal's BinaryArchive, little endian on every
// platform keytrail builds for):
//   integer      its bytes, sizeof(T) of them
//   bool         one byte, 0 or 1
//   size tag     uint64 count of the elements that follow
//   string       size tag, then the bytes
//   vector<T>    size tag, then each T
//   optional<T>  bool "is empty", then T when not empty
//   enum         uint8 (range checked on load, see payload.h)
//   struct       its fields in the order of event_fields.h, no framing
//
// PayloadReader is safe on arbitrary bytes: it never reads past its input,
// refuses a bool other than 0/1 and any size tag larger than the bytes left
// (so a forged length cannot make it allocate more than a small multiple of
// the input). Every failure throws cereal::Exception; DecodePayload()
// (payload.h) turns that into a kCorruption Error at the module boundary.
#ifndef KEYTRAIL_DOMAIN_PAYLOAD_ARCHIVE_H_
#define KEYTRAIL_DOMAIN_PAYLOAD_ARCHIVE_H_

#include <bit>
#include <cereal/cereal.hpp>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>

namespace keytrail {

// Integers are copied as they lie in memory; the format says little endian.
static_assert(std::endian::native == std::endian::little,
              "payloads are little endian; add byte swapping first");

class PayloadWriter
    : public cereal::OutputArchive<PayloadWriter,
                                   cereal::AllowEmptyClassElision> {
 public:
  // Appends to `*out`, which must outlive the writer.
  explicit PayloadWriter(std::string& out)
      : OutputArchive<PayloadWriter, cereal::AllowEmptyClassElision>(this),
        out_(out) {}

  void SaveBinary(const void* data, size_t size) {
    out_.append(static_cast<const char*>(data), size);
  }

 private:
  std::string& out_;
};

class PayloadReader
    : public cereal::InputArchive<PayloadReader,
                                  cereal::AllowEmptyClassElision> {
 public:
  // Reads from `in`, which must outlive the reader.
  explicit PayloadReader(std::string_view in)
      : InputArchive<PayloadReader, cereal::AllowEmptyClassElision>(this),
        in_(in) {}

  void LoadBinary(void* data, size_t size) {
    if (size > remaining()) throw cereal::Exception("payload is truncated");
    std::memcpy(data, in_.data() + pos_, size);
    pos_ += size;
  }
  size_t remaining() const { return in_.size() - pos_; }

 private:
  std::string_view in_;
  size_t pos_ = 0;
};

template <typename T>
concept PayloadInteger = std::is_arithmetic_v<T> && !std::is_same_v<T, bool>;

template <PayloadInteger T>
void CEREAL_SAVE_FUNCTION_NAME(PayloadWriter& ar, const T& value) {
  ar.SaveBinary(std::addressof(value), sizeof(value));
}
template <PayloadInteger T>
void CEREAL_LOAD_FUNCTION_NAME(PayloadReader& ar, T& value) {
  ar.LoadBinary(std::addressof(value), sizeof(value));
}

inline void CEREAL_SAVE_FUNCTION_NAME(PayloadWriter& ar, const bool& value) {
  const uint8_t byte = value ? 1 : 0;
  ar.SaveBinary(&byte, 1);
}
inline void CEREAL_LOAD_FUNCTION_NAME(PayloadReader& ar, bool& value) {
  uint8_t byte = 0;
  ar.LoadBinary(&byte, 1);
  if (byte > 1) throw cereal::Exception("bad bool");
  value = byte == 1;
}

template <typename T>
void CEREAL_SAVE_FUNCTION_NAME(PayloadWriter& ar,
                               const cereal::NameValuePair<T>& nvp) {
  ar(nvp.value);
}
template <typename T>
void CEREAL_LOAD_FUNCTION_NAME(PayloadReader& ar,
                               cereal::NameValuePair<T>& nvp) {
  ar(nvp.value);
}

template <typename T>
void CEREAL_SAVE_FUNCTION_NAME(PayloadWriter& ar,
                               const cereal::SizeTag<T>& tag) {
  const uint64_t size = tag.size;
  ar(size);
}
// Every element takes at least one byte, so a count above the bytes left
// is corrupt: refuse it before the caller resizes a container to it.
template <typename T>
void CEREAL_LOAD_FUNCTION_NAME(PayloadReader& ar, cereal::SizeTag<T>& tag) {
  uint64_t size = 0;
  ar(size);
  if (size > ar.remaining()) throw cereal::Exception("length past the end");
  tag.size = static_cast<std::remove_reference_t<decltype(tag.size)>>(size);
}

template <typename T>
void CEREAL_SAVE_FUNCTION_NAME(PayloadWriter& ar,
                               const cereal::BinaryData<T>& data) {
  ar.SaveBinary(data.data, static_cast<size_t>(data.size));
}
template <typename T>
void CEREAL_LOAD_FUNCTION_NAME(PayloadReader& ar, cereal::BinaryData<T>& data) {
  ar.LoadBinary(data.data, static_cast<size_t>(data.size));
}

}  // namespace keytrail

CEREAL_REGISTER_ARCHIVE(keytrail::PayloadWriter)
CEREAL_REGISTER_ARCHIVE(keytrail::PayloadReader)
CEREAL_SETUP_ARCHIVE_TRAITS(keytrail::PayloadReader, keytrail::PayloadWriter)

#endif  // KEYTRAIL_DOMAIN_PAYLOAD_ARCHIVE_H_
