// ApiContext: what the routes of the management and verification APIs
// share — the store, the projections, the command runner, the secret vault,
// the random source and the clock. Owned by KeytrailServer; every member
// outlives the routes. Thread-safe (each member is).
#ifndef KEYTRAIL_ROUTES_API_CONTEXT_H_
#define KEYTRAIL_ROUTES_API_CONTEXT_H_

#include <string>
#include <vector>

#include "app/command_runner.h"
#include "app/vault.h"
#include "base/clock.h"
#include "base/random.h"
#include "eventstore/event_store.h"
#include "projections/as_of.h"
#include "projections/projection_engine.h"

namespace keytrail::app {
class ConsoleSessions;  // app/console_sessions.h
class RateLimiter;      // app/rate_limiter.h
class CreditLeases;     // app/credit_leases.h
class UsageRecorder;    // app/usage_recorder.h
}  // namespace keytrail::app

namespace keytrail::http {

struct ApiContext {
  eventstore::EventStore* store = nullptr;
  projections::ProjectionEngine* engine = nullptr;
  projections::PointInTimeViews* past = nullptr;
  app::CommandRunner* runner = nullptr;
  app::SecretVault* vault = nullptr;
  RandomSource* random = nullptr;
  const Clock* clock = nullptr;
  app::UsageRecorder* usage = nullptr;  // may be null (tests of routes alone)
  // The console's sessions: Authorize() accepts their cookie; may be null.
  app::ConsoleSessions* console = nullptr;
  app::RateLimiter* limiter = nullptr;   // may be null: no rate limits
  app::CreditLeases* credits = nullptr;  // may be null: unlimited uses
  // Peers whose X-Forwarded-For is believed (reverse proxies).
  std::vector<std::string> trusted_proxies;
  // Webhooks may POST to http:// on the loopback interface (tests).
  bool webhooks_allow_http_loopback = false;
  // The response header of GET /v1/auth that carries a VALID token's
  // metadata (base64url of its canonical JSON); "" sends none.
  std::string auth_metadata_header;
};

}  // namespace keytrail::http

#endif  // KEYTRAIL_ROUTES_API_CONTEXT_H_
