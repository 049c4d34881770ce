// The routes of verification (docs/api.md §4) and of incident response (§5,
// timelines). Both need ApiContext::usage (the UsageRecorder, which owns
// the verification index and the usage projection); registering them
// without it fails with kInvalid.
//
//   AddVerificationRoutes:
//     POST /v1/verify            token in the body, x-api-key or Bearer;
//                                always 200 for a well-formed request
//     GET  /v1/auth              for nginx auth_request: 204 (X-Token-Id,
//                                X-Account, X-User for personal tokens),
//                                401 invalid, 403 FORBIDDEN
//     POST /v1/tokens:lookup     leaked-secret lookup (operator, or
//                                tokens:view on the owning account; 404
//                                for anyone else)
//   AddTimelineRoutes (tokens:view on the account):
//     GET
//     /v1/accounts/{account}/tokens/{id}/timeline?since=&until=&limit=&cursor=
//     GET /v1/accounts/{account}/tokens/{id}/usage?since=&until=&by=ip|hour
//     GET /v1/accounts/{account}/activity?since=&until=&limit=&cursor=
//
// The verification routes run on the I/O threads (not blocking); the
// others take the engine's read lock or read the disk and run on the
// worker pool.
#ifndef KEYTRAIL_ROUTES_VERIFY_ROUTES_H_
#define KEYTRAIL_ROUTES_VERIFY_ROUTES_H_

#include "base/result.h"
#include "routes/api_context.h"
#include "http/router.h"

namespace keytrail::http {

Status AddVerificationRoutes(Router& router, ApiContext& context);
Status AddTimelineRoutes(Router& router, ApiContext& context);

}  // namespace keytrail::http

#endif  // KEYTRAIL_ROUTES_VERIFY_ROUTES_H_
