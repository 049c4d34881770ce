// The routes of the management API (docs/api.md §1, §3), one Add*Routes per
// resource, each in its own file. KeytrailServer calls AddManagementRoutes.
#ifndef KEYTRAIL_ROUTES_ROUTES_H_
#define KEYTRAIL_ROUTES_ROUTES_H_

#include "base/result.h"
#include "routes/api_context.h"
#include "http/router.h"

namespace keytrail::http {

Status AddAccountRoutes(Router& router, ApiContext& context);
Status AddGroupRoutes(Router& router, ApiContext& context);
Status AddUserRoutes(Router& router, ApiContext& context);
Status AddTokenRoutes(Router& router, ApiContext& context);
Status AddGrantRoutes(Router& router, ApiContext& context);

// All of the above.
Status AddManagementRoutes(Router& router, ApiContext& context);

}  // namespace keytrail::http

#endif  // KEYTRAIL_ROUTES_ROUTES_H_
