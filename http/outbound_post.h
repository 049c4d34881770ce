// PostJson: one POST of a JSON body to an http:// or https:// URL, made by
// the server itself (webhook deliveries). Transport only.
//
// https:// verifies the peer's certificate against the system's trust store
// (and the certificates of `ca_file`, when set) and its host name (SNI,
// RFC 2818). Every step (resolve, connect,
// handshake, write, read) is bounded by `timeout`; the response body is
// read and dropped (at most 64 KiB).
//
// Thread-safe: each call has its own io_context and connection.
#ifndef KEYTRAIL_HTTP_OUTBOUND_POST_H_
#define KEYTRAIL_HTTP_OUTBOUND_POST_H_

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "base/result.h"

namespace keytrail::http {

struct OutboundPost {
  std::string url;   // http:// or https://
  std::string body;  // sent as application/json
  std::vector<std::pair<std::string, std::string>> headers;
  std::chrono::milliseconds timeout{10000};  // Default: 10 s.
  // PEM certificates trusted besides the system's (a private CA); "": none.
  std::string ca_file = {};
};

// The response's status code; kInvalid for a URL that is not http(s);
// kUnavailable when no response came (the message names the step, never the
// body or a header).
Result<int> PostJson(const OutboundPost& post);

}  // namespace keytrail::http

#endif  // KEYTRAIL_HTTP_OUTBOUND_POST_H_
