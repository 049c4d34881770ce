// ObsFoldBuffer: a dynamic buffer (Asio's DynamicBuffer v1) over a Beast
// flat_buffer that watches the bytes of a request's header section as they
// arrive and remembers whether a field line was continued by obsolete line
// folding (CRLF followed by SP or HTAB, RFC 9112 §5.2). Beast accepts such a
// line and joins it with a space; keytrail answers it 400 instead, which
// needs the raw bytes Beast no longer shows once parsed.
//
//   ObsFoldBuffer reading(buffer_);
//   reading.StartRequest();  // scans what is already buffered
//   http::async_read_header(stream_, reading, parser, ...);
//   if (reading.folded()) ... 400
//
// The header section ends at the first CRLF CRLF; bytes after it (the body,
// a pipelined request) are not looked at until StartRequest() is called for
// the next request. Owns nothing: `buffer` outlives it. Not thread-safe (one
// connection's strand).
#ifndef KEYTRAIL_HTTP_OBS_FOLD_BUFFER_H_
#define KEYTRAIL_HTTP_OBS_FOLD_BUFFER_H_

#include <boost/asio/buffer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <cstddef>
#include <cstdint>

namespace keytrail::http {

class ObsFoldBuffer {
 public:
  using const_buffers_type = boost::beast::flat_buffer::const_buffers_type;
  using mutable_buffers_type = boost::beast::flat_buffer::mutable_buffers_type;

  explicit ObsFoldBuffer(boost::beast::flat_buffer& buffer)
      : buffer_(&buffer) {}

  // Forgets the previous request and scans the bytes already buffered,
  // which begin the next one.
  void StartRequest() {
    last_four_ = 0;
    ended_ = folded_ = false;
    Scan(buffer_->data());
  }
  // True when the header section read so far has an obsolete line folding.
  bool folded() const { return folded_; }

  // DynamicBuffer v1.
  std::size_t size() const { return buffer_->size(); }
  std::size_t max_size() const { return buffer_->max_size(); }
  std::size_t capacity() const { return buffer_->capacity(); }
  const_buffers_type data() const { return buffer_->data(); }
  mutable_buffers_type prepare(std::size_t n) { return buffer_->prepare(n); }
  void commit(std::size_t n) {
    const std::size_t before = buffer_->size();
    buffer_->commit(n);
    Scan(boost::asio::buffer(buffer_->data() + before));
  }
  void consume(std::size_t n) { buffer_->consume(n); }

 private:
  static constexpr std::uint32_t kCrLf = '\r' << 8 | '\n';
  static constexpr std::uint32_t kCrLfCrLf = kCrLf << 16 | kCrLf;

  void Scan(boost::asio::const_buffer bytes) {
    const auto* p = static_cast<const unsigned char*>(bytes.data());
    for (std::size_t i = 0; i < bytes.size() && !ended_; ++i) {
      // A line that begins with SP or HTAB right after a line ended.
      if ((last_four_ & 0xffff) == kCrLf && (p[i] == ' ' || p[i] == '\t')) {
        folded_ = true;
      }
      last_four_ = last_four_ << 8 | p[i];
      ended_ = last_four_ == kCrLfCrLf;
    }
  }

  boost::beast::flat_buffer* buffer_;
  std::uint32_t last_four_ = 0;  // the last four bytes scanned
  bool ended_ = false;
  bool folded_ = false;
};

}  // namespace keytrail::http

#endif  // KEYTRAIL_HTTP_OBS_FOLD_BUFFER_H_
