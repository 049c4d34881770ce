// The OpenAPI 3.1 description of keytrail's HTTP API (docs/api.md §6,
// GET /v1/openapi.json).
//
// The document is routes/openapi.json, written by hand and compiled into the
// binary (cmake/embed.cmake); it is not generated from the Router: it is an
// independent description that tests/http/openapi_test.cc holds the
// server's routes against, in both directions. Each operationId is the
// `name` of its Route ("tokens.create"); each path key is the Route's
// pattern, which is already OpenAPI path templating
// ("/v1/accounts/{account}/tokens/{id}:disable").
//
// When you add, rename or remove a route, change routes/openapi.json in the
// same commit; docs/api.md is its guide.
//
// Thread-safe (the document is immutable once built).
#ifndef KEYTRAIL_ROUTES_OPENAPI_H_
#define KEYTRAIL_ROUTES_OPENAPI_H_

#include <string_view>

namespace keytrail::http {

// Returns the OpenAPI document as JSON text. The view stays valid for the
// life of the process.
std::string_view OpenApiDocument();

}  // namespace keytrail::http

#endif  // KEYTRAIL_ROUTES_OPENAPI_H_
