#include "base/log.h"
#include "http/json_body.h"
#include "routes/backup_target.h"
#include "routes/handler_support.h"
#include "routes/handlers.h"

namespace keytrail::http {

Result<Response> BackupRoute(ApiContext& context, const Request& request,
                             const Principal& principal) {
  Result<JsonBody> body = JsonBody::Parse(request);
  if (!body.ok()) return body.error();
  std::string dir = body->RequireString("dir");
  if (Status done = body->Finish(); !done.ok()) return done.error();
  if (Status target = CheckBackupTarget(dir); !target.ok()) {
    return target.error();
  }
  const uint64_t head = context.store->HeadSeq();
  if (Status backed_up = context.store->Backup(dir); !backed_up.ok()) {
    return backed_up.error();
  }
  Log(spdlog::level::info, "backup written",
      {{"head_seq", head}, {"token", principal.token_id}});
  return JsonResponse(201, {{"dir", dir}, {"head_seq", head}});
}

}  // namespace keytrail::http
