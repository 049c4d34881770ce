// BodyStream: a response body made piece by piece after the headers were
// sent, for Server-Sent Events (GET /v1/audit/stream). A handler returns a
// Response whose `stream` is set; the session then writes the status line
// and headers with Transfer-Encoding: chunked and Connection: close, and
// writes each piece as one chunk as soon as the stream delivers it. When
// the stream delivers nullopt the session writes the last chunk and closes.
//
// Contract between the session and a stream:
//   * Next(deliver): `deliver` must be called exactly once, from any thread,
//     possibly inline, possibly much later (a live feed waiting for news).
//     An empty piece writes nothing and asks for the next one. The session
//     calls Next() again only after the previous piece was written.
//   * Cancel(): the connection is going away (the client left, a write
//     failed or timed out, the server is stopping). A pending Next() must
//     then deliver soon; what it delivers is discarded. Thread-safe,
//     idempotent, and may run while Next() is pending.
//   * Each write must finish within ServerOptions::write_timeout, so a
//     reader that stops reading ends its stream; the session sets no
//     timeout while it waits for a piece, so the stream should deliver
//     something (an SSE comment) now and then to find out that a silent
//     client is gone.
#ifndef KEYTRAIL_BASE_BODY_STREAM_H_
#define KEYTRAIL_BASE_BODY_STREAM_H_

#include <functional>
#include <optional>
#include <string>

namespace keytrail {

class BodyStream {
 public:
  using Deliver = std::function<void(std::optional<std::string> piece)>;

  virtual ~BodyStream() = default;
  virtual void Next(Deliver deliver) = 0;
  virtual void Cancel() = 0;
};

}  // namespace keytrail

#endif  // KEYTRAIL_BASE_BODY_STREAM_H_
