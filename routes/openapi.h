// The OpenAPI 3.1 description of keytrail's HTTP API (docs/api.md §6,
// GET /v1/openapi.json).
//
// The document is written by hand, not generated from the Router: it is an
// independent description that tests/http/openapi_test.cc holds the
// server's routes against, in both directions. Each operationId is the
// `name` of its Route ("tokens.create"); each path key is the Route's
// pattern, which is already OpenAPI path templating
// ("/v1/accounts/{account}/tokens/{id}:disable").
//
// When you add, rename or remove a route, change the document in
// openapi_document.cc in the same commit; docs/api.md is its guide.
//
// Thread-safe (the document is immutable once built).
#ifndef KEYTRAIL_ROUTES_OPENAPI_H_
#define KEYTRAIL_ROUTES_OPENAPI_H_

#include <string_view>

#include "base/result.h"
#include "http/router.h"

namespace keytrail::http {

// Returns the OpenAPI document as JSON text. The view stays valid for the
// life of the process.
std::string_view OpenApiDocument();

// Adds `GET /v1/openapi.json` (name "openapi"): 200 application/json with
// OpenApiDocument(); no authentication; runs on the I/O threads. Fails as
// Router::Add() does (kConflict when the route exists already).
[[nodiscard]] Status AddOpenApiRoute(Router& router);

}  // namespace keytrail::http

#endif  // KEYTRAIL_ROUTES_OPENAPI_H_
