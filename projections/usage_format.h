// The key layout of the usage projection, side table "usage" (see
// usage_format.cc for the byte grammar). One place encodes and decodes it.
//
// Thread safety: pure functions.
#ifndef KEYTRAIL_PROJECTIONS_USAGE_FORMAT_H_
#define KEYTRAIL_PROJECTIONS_USAGE_FORMAT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/time.h"
#include "domain/types.h"

namespace keytrail::projections::usage_format {

inline constexpr std::string_view kTableName = "usage";

inline constexpr char kMetaTag = 'm';
inline constexpr char kVersionTag = 'v';
inline constexpr char kTokenTag = 't';
inline constexpr char kAccountTag = 'a';
inline constexpr char kOutcomeTag = 'o';

// The layout's version, under VersionKey(). 2: "o" rows. A table of
// another version (1 had no "v" key) is cleared and folded again.
inline constexpr uint64_t kFormatVersion = 2;
std::string VersionKey();

// The key of the seq the table holds every event up to.
std::string MetaKey();
std::string EncodeSeq(uint64_t seq);
std::optional<uint64_t> DecodeSeq(std::string_view value);

// "t" token_id 0x00 time seq: one event of the token's stream.
std::string TokenEventKey(std::string_view token_id, Micros time, uint64_t seq);
// The first key of `token_id` at or after `time`.
std::string TokenTimeKey(std::string_view token_id, Micros time);
// "a" account_id 0x00 time seq: one TokenUsed of the account's tokens.
std::string AccountUseKey(std::string_view account_id, Micros time,
                          uint64_t seq);
std::string AccountTimeKey(std::string_view account_id, Micros time);

// "o" account_id 0x00 time seq: one TokenUsed or TokenUseRejected of the
// account's tokens (analytics by outcome).
std::string AccountOutcomeKey(std::string_view account_id, Micros time,
                              uint64_t seq);
std::string OutcomeTimeKey(std::string_view account_id, Micros time);

// The (time, seq) at the end of a key made above; nullopt when too short.
struct KeyPosition {
  Micros time = 0;
  uint64_t seq = 0;
};
std::optional<KeyPosition> DecodeKeyPosition(std::string_view key);

// The value of a token event key: enough to render a timeline entry.
struct EventSummary {
  std::string type;
  uint32_t schema_version = 1;
  Actor actor;
  std::string payload;  // the event's cereal payload, as stored in the log
};
std::string EncodeSummary(const EventSummary& summary);
std::optional<EventSummary> DecodeSummary(std::string_view value);

// The value of an account use key.
struct AccountUse {
  std::string token_id;
  std::string ip;
  int64_t count = 0;
  Micros first_at = 0;
  Micros last_at = 0;
};
std::string EncodeAccountUse(const AccountUse& use);
std::optional<AccountUse> DecodeAccountUse(std::string_view value);

// The value of an account outcome key: verifications of one token from one
// IP with one outcome ("VALID" for TokenUsed, else TokenUseRejected's code).
struct AccountOutcome {
  std::string token_id;
  std::string outcome;
  std::string ip;
  int64_t count = 0;
  Micros first_at = 0;
};
std::string EncodeAccountOutcome(const AccountOutcome& outcome);
std::optional<AccountOutcome> DecodeAccountOutcome(std::string_view value);

}  // namespace keytrail::projections::usage_format

#endif  // KEYTRAIL_PROJECTIONS_USAGE_FORMAT_H_
