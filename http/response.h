// Response: what a handler returns, independent of Beast. The session adds
// Content-Length, Connection and X-Request-Id when it writes it.
//
// Build JSON bodies with JsonResponse() (json_body.h) and errors with
// ProblemResponse() (problem.h), so that one codec renders every body. A
// body made after the headers are sent (Server-Sent Events) is a
// BodyStream (body_stream.h). Intentionally copyable.
#ifndef KEYTRAIL_HTTP_RESPONSE_H_
#define KEYTRAIL_HTTP_RESPONSE_H_

#include <memory>
#include <string>

#include "base/body_stream.h"
#include "http/headers.h"

namespace keytrail::http {

struct Response {
  int status = 200;
  std::string content_type;  // empty: no Content-Type header
  Headers headers;           // extra headers: ETag, Allow, Location, ...
  std::string body;
  // When set, the body is streamed from it and `body` is ignored.
  std::shared_ptr<BodyStream> stream;
  // Set by RunOnWorker() only.
  bool run_on_worker = false;

  // Returns a response with `status` and no body (e.g. 204).
  static Response Empty(int status) {
    Response response;
    response.status = status;
    return response;
  }
  // What an inline handler answers when it finds it must block (a disk or
  // database write): the dispatcher calls it again on the worker pool, with
  // Request::on_worker set. The handler must have changed nothing before
  // answering this. A handler on the worker pool never answers it.
  static Response RunOnWorker() {
    Response response;
    response.run_on_worker = true;
    return response;
  }
  // Returns a response with `status`, `body` and `content_type`.
  static Response Text(int status, std::string body,
                       std::string content_type = "text/plain; charset=utf-8") {
    Response response;
    response.status = status;
    response.body = std::move(body);
    response.content_type = std::move(content_type);
    return response;
  }
};

}  // namespace keytrail::http

#endif  // KEYTRAIL_HTTP_RESPONSE_H_
