// The two handler_support.h hooks through which the management routes reach
// the usage recorder: live last-use figures for the token JSON, and the
// management call as a use of the caller's token.
#include "routes/handler_support.h"
#include "app/usage_recorder.h"

namespace keytrail::http {

std::optional<LiveUsage> LiveUsageOf(ApiContext& context,
                                     const std::string& token_id) {
  if (context.usage == nullptr) return std::nullopt;
  return context.usage->LiveUsageOf(token_id);
}

void RecordManagementUse(ApiContext& context, const Principal& principal) {
  if (context.usage == nullptr) return;
  context.usage->RecordUse(principal.token_id, principal.actor.ip,
                           context.clock->Now());
}

}  // namespace keytrail::http
