// The admin console's routes (docs/console.md):
//
//   GET /console                the redirect to /console/
//   GET /console/               index.html
//   GET /console/{asset}        an embedded file (console_assets.h)
//   GET /console/screens/{asset}
//   POST   /v1/console/session  sign in: {"token": "kt_…"} -> session cookie
//   GET    /v1/console/session  the signed-in session (and its CSRF token)
//   DELETE /v1/console/session  sign out
//
// The files are answered from memory with a strict Content-Security-Policy
// (no inline script or style, nothing from another origin), nosniff,
// frame-ancestors 'none' and a strong ETag (If-None-Match answers 304).
// None of this touches /v1/verify or /v1/auth.
#ifndef KEYTRAIL_HTTP_CONSOLE_CONSOLE_ROUTES_H_
#define KEYTRAIL_HTTP_CONSOLE_CONSOLE_ROUTES_H_

#include "base/result.h"
#include "routes/api_context.h"
#include "http/console/console_sessions.h"
#include "http/router.h"

namespace keytrail::http {

// The Content-Security-Policy of every console file.
inline constexpr std::string_view kConsoleCsp =
    "default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data:; connect-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

// `context.console` must be set; both must outlive the router.
Status AddConsoleRoutes(Router& router, ApiContext& context);

}  // namespace keytrail::http

#endif  // KEYTRAIL_HTTP_CONSOLE_CONSOLE_ROUTES_H_
