#include "routes/backup_route.h"

#include <filesystem>
#include <system_error>

#include "routes/handler_support.h"
#include "http/json_body.h"
#include "base/log.h"

namespace keytrail::http {

namespace {

Result<Response> BackupRoute(ApiContext& context, const Request& request) {
  Result<Principal> principal = Authorize(context, request, "", "");
  if (!principal.ok()) return principal.error();
  Result<JsonBody> body = JsonBody::Parse(request);
  if (!body.ok()) return body.error();
  std::string dir = body->RequireString("dir");
  if (Status done = body->Finish(); !done.ok()) return done.error();
  std::filesystem::path path(dir);
  if (!path.is_absolute()) {
    return Error::Make(ErrorCode::kInvalid, "dir must be an absolute path");
  }
  std::error_code ec;
  if (std::filesystem::exists(path, ec)) {
    return Error::Make(ErrorCode::kConflict, "dir already exists");
  }
  const uint64_t head = context.store->HeadSeq();
  if (Status backed_up = context.store->Backup(dir); !backed_up.ok()) {
    return backed_up.error();
  }
  Log(spdlog::level::info, "backup written",
      {{"head_seq", head}, {"token", principal->token_id}});
  return JsonResponse(201, {{"dir", dir}, {"head_seq", head}});
}

}  // namespace

Status AddBackupRoute(Router& router, ApiContext& context) {
  ApiContext* ctx = &context;
  return router.Add({.method = "POST",
                     .pattern = "/v1/admin/backup",
                     .name = "admin.backup",
                     .handler = Handle([ctx](const Request& r) {
                       return BackupRoute(*ctx, r);
                     }),
                     .blocking = true});
}

}  // namespace keytrail::http
