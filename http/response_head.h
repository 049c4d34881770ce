// AppendResponseHead(): the status line and header block of a Response, as
// the session writes them before the body, in one contiguous buffer.
//
//   HTTP/1.1 200 OK\r\n
//   Server: keytrail\r\n
//   <response.headers, in order>\r\n
//   Content-Type: <response.content_type>\r\n      (when not empty)
//   Content-Length: <n>\r\n                        (see below)
//   Transfer-Encoding: chunked\r\n                 (instead, when chunked)
//   Connection: close | keep-alive\r\n             (see below)
//   \r\n
//
// Content-Length is left out for 1xx, 204 and 304 (RFC 9110 §8.6), and is
// the body's size otherwise (also for a HEAD request, whose body is not
// sent); a chunked head (a body streamed as it is made) has
// "Transfer-Encoding: chunked" instead. "Connection: close" is written when an
// HTTP/1.1 connection ends after this response, "Connection: keep-alive" when
// an HTTP/1.0 one does not. A CR or LF inside a header name or value is written
// as a space, so a value can never start a header of its own.
//
// Writing the head by hand, into a buffer the session reuses, keeps the
// answer of a keep-alive request free of allocations; request parsing
// stays Beast's. Pure; thread-compatible.
#ifndef KEYTRAIL_HTTP_RESPONSE_HEAD_H_
#define KEYTRAIL_HTTP_RESPONSE_HEAD_H_

#include <string>

#include "http/response.h"

namespace keytrail::http {

struct ResponseHeadOptions {
  unsigned version = 11;   // of the request: 10 or 11
  bool keep_alive = true;  // the connection stays open after the response
  bool chunked = false;    // the body follows in chunks (body_stream.h)
};

// Whether a response with `status` has no body and no Content-Length.
bool StatusHasNoBody(int status);

// Appends the head of `response` to `out` (which it does not clear).
void AppendResponseHead(const Response& response,
                        const ResponseHeadOptions& options, std::string& out);

}  // namespace keytrail::http

#endif  // KEYTRAIL_HTTP_RESPONSE_HEAD_H_
