// Renders the domain's state as the JSON resources of docs/api.md §3. The one
// place where a view becomes JSON: every route (and as_of reads) uses these.
//
// Times are RFC 3339 UTC with microseconds; absent values are null.
// Nothing here ever renders a secret: tokens show `masked` only.
#ifndef KEYTRAIL_PROJECTIONS_RENDER_H_
#define KEYTRAIL_PROJECTIONS_RENDER_H_

#include <boost/json.hpp>
#include <optional>
#include <string>

#include "base/time.h"
#include "domain/state.h"

namespace keytrail::projections {

// Last-use figures that may be fresher than the views (the verification
// path updates them in memory at once; the log catches up within a second).
struct LiveUsage {
  std::optional<Micros> last_used_at;
  std::string last_used_ip;
  int64_t use_count = 0;
};

// The usage figures `token` is shown with: `live` when it is at least as
// fresh as the views' figures.
LiveUsage ShownUsage(const TokenState& token,
                     const std::optional<LiveUsage>& live);

boost::json::value TimeJson(std::optional<Micros> time);
boost::json::value OptionalStringJson(const std::string& value);
boost::json::array StringsJson(const std::vector<std::string>& items);
// {"limit", "window_ms"}, or null.
boost::json::value RateLimitJson(const std::optional<RateLimit>& limit);
// A token's credits at `now` (domain/credits.h): {"remaining": the uses no
// node holds, "leased": the uses nodes hold in leases (some may be spent),
// "refill": {"amount", "interval"} | null}; null when unlimited.
boost::json::value CreditsJson(const TokenRareFields& rare, Micros now);

boost::json::object AccountJson(const AccountState& account);
boost::json::object GroupJson(const GroupState& group);
boost::json::object UserJson(const UserState& user);
boost::json::object GrantJson(const GrantState& grant);

// `plan` is the token's account plan (a plan without api_access shows the
// token as disabled with reason "plan"); `now` decides "expired"; `live`
// overrides the usage figures of `token` when it is fresher.
boost::json::object TokenJson(const TokenState& token, const Plan& plan,
                              Micros now, const std::optional<LiveUsage>& live);

}  // namespace keytrail::projections

#endif  // KEYTRAIL_PROJECTIONS_RENDER_H_
