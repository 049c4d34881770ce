// Ids of the aggregates keytrail creates: a prefix naming the kind and 20
// random base62 characters (119 bits), e.g. "tok_3fK9...". Account ids are
// chosen by the operator instead (see account_commands.h).
#ifndef KEYTRAIL_DOMAIN_IDS_H_
#define KEYTRAIL_DOMAIN_IDS_H_

#include <string>
#include <string_view>

#include "base/random.h"

namespace keytrail {

inline constexpr std::string_view kTokenIdPrefix = "tok_";
inline constexpr std::string_view kGroupIdPrefix = "grp_";
inline constexpr std::string_view kUserIdPrefix = "usr_";
inline constexpr std::string_view kGrantIdPrefix = "grt_";
inline constexpr std::string_view kWebhookIdPrefix = "whk_";
inline constexpr std::string_view kCreditLeaseIdPrefix = "lse_";
inline constexpr size_t kIdRandomChars = 20;

// Returns `prefix` followed by kIdRandomChars random base62 characters.
std::string NewId(std::string_view prefix, RandomSource& random);

}  // namespace keytrail

#endif  // KEYTRAIL_DOMAIN_IDS_H_
