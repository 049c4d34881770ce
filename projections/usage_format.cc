// Side table "usage": the usage projection, a fold of the log that answers
// timelines, usage buckets and account activity by range scans that read
// only the asked window.
//
//   key                                          value
//   "m"                                          fixed64(seq)
//   "t" token_id 0x00 time64(time) fixed64(seq)  summary
//   "a" account_id 0x00 time64(time) fixed64(seq) account_use
//   "o" account_id 0x00 time64(time) fixed64(seq) account_outcome
//   "v"                                          fixed64(kFormatVersion)
//
//   time     the event's time (RFC 3339 µs since the epoch)
//   time64   big-endian uint64 of (time XOR 2^63), so keys sort by time
//   fixed64  big-endian uint64
//   summary  := string(type) varint32(schema_version) string(actor.token)
//               string(actor.user) string(actor.ip) string(payload)
//   account_use := string(token_id) string(ip) varint64(count)
//                  time64(first_at) time64(last_at)
//   account_outcome := string(token_id) string(outcome) string(ip)
//                      varint64(count) time64(first_at)
//   string   := varint32(length) bytes
//
// "m" holds the seq of the last event folded, written in the same batch as
// the event's rows. "t" rows exist for every event of a token's stream
// (lifecycle and usage); "a" rows for each TokenUsed, under the token's
// account; "o" rows for each TokenUsed (outcome VALID) and TokenUseRejected
// (outcome its code), under the token's account. Ids never hold 0x00, so a
// token's rows are one contiguous range ordered by time, then seq.
#include "projections/usage_format.h"

#include "base/byte_codec.h"

namespace keytrail::projections::usage_format {

using byte_codec::GetFixed64;
using byte_codec::GetString;
using byte_codec::GetTime;
using byte_codec::GetVarint;
using byte_codec::PutFixed64;
using byte_codec::PutString;
using byte_codec::PutTime;
using byte_codec::PutVarint;

namespace {

std::string PrefixKey(char tag, std::string_view id, Micros time) {
  std::string key;
  key.reserve(1 + id.size() + 1 + 16);
  key.push_back(tag);
  key.append(id);
  key.push_back('\0');
  PutTime(key, time);
  return key;
}

}  // namespace

std::string MetaKey() { return std::string(1, kMetaTag); }

std::string VersionKey() { return std::string(1, kVersionTag); }

std::string EncodeSeq(uint64_t seq) {
  std::string out;
  PutFixed64(out, seq);
  return out;
}

std::optional<uint64_t> DecodeSeq(std::string_view value) {
  uint64_t seq = 0;
  if (!GetFixed64(value, &seq) || !value.empty()) return std::nullopt;
  return seq;
}

std::string TokenTimeKey(std::string_view token_id, Micros time) {
  return PrefixKey(kTokenTag, token_id, time);
}

std::string TokenEventKey(std::string_view token_id, Micros time,
                          uint64_t seq) {
  std::string key = TokenTimeKey(token_id, time);
  PutFixed64(key, seq);
  return key;
}

std::string AccountTimeKey(std::string_view account_id, Micros time) {
  return PrefixKey(kAccountTag, account_id, time);
}

std::string AccountUseKey(std::string_view account_id, Micros time,
                          uint64_t seq) {
  std::string key = AccountTimeKey(account_id, time);
  PutFixed64(key, seq);
  return key;
}

std::string OutcomeTimeKey(std::string_view account_id, Micros time) {
  return PrefixKey(kOutcomeTag, account_id, time);
}

std::string AccountOutcomeKey(std::string_view account_id, Micros time,
                              uint64_t seq) {
  std::string key = OutcomeTimeKey(account_id, time);
  PutFixed64(key, seq);
  return key;
}

std::optional<KeyPosition> DecodeKeyPosition(std::string_view key) {
  if (key.size() < 16) return std::nullopt;
  std::string_view tail = key.substr(key.size() - 16);
  KeyPosition position;
  if (!GetTime(tail, &position.time) || !GetFixed64(tail, &position.seq)) {
    return std::nullopt;
  }
  return position;
}

std::string EncodeSummary(const EventSummary& summary) {
  std::string out;
  out.reserve(summary.payload.size() + summary.type.size() + 64);
  PutString(out, summary.type);
  PutVarint(out, summary.schema_version);
  PutString(out, summary.actor.token_id);
  PutString(out, summary.actor.user_id);
  PutString(out, summary.actor.ip);
  PutString(out, summary.payload);
  return out;
}

std::optional<EventSummary> DecodeSummary(std::string_view value) {
  EventSummary summary;
  uint64_t version = 0;
  if (!GetString(value, &summary.type) || !GetVarint(value, &version) ||
      !GetString(value, &summary.actor.token_id) ||
      !GetString(value, &summary.actor.user_id) ||
      !GetString(value, &summary.actor.ip) ||
      !GetString(value, &summary.payload) || !value.empty()) {
    return std::nullopt;
  }
  summary.schema_version = static_cast<uint32_t>(version);
  return summary;
}

std::string EncodeAccountUse(const AccountUse& use) {
  std::string out;
  PutString(out, use.token_id);
  PutString(out, use.ip);
  PutVarint(out, static_cast<uint64_t>(use.count));
  PutTime(out, use.first_at);
  PutTime(out, use.last_at);
  return out;
}

std::optional<AccountUse> DecodeAccountUse(std::string_view value) {
  AccountUse use;
  uint64_t count = 0;
  if (!GetString(value, &use.token_id) || !GetString(value, &use.ip) ||
      !GetVarint(value, &count) || !GetTime(value, &use.first_at) ||
      !GetTime(value, &use.last_at) || !value.empty()) {
    return std::nullopt;
  }
  use.count = static_cast<int64_t>(count);
  return use;
}

std::string EncodeAccountOutcome(const AccountOutcome& outcome) {
  std::string out;
  PutString(out, outcome.token_id);
  PutString(out, outcome.outcome);
  PutString(out, outcome.ip);
  PutVarint(out, static_cast<uint64_t>(outcome.count));
  PutTime(out, outcome.first_at);
  return out;
}

std::optional<AccountOutcome> DecodeAccountOutcome(std::string_view value) {
  AccountOutcome outcome;
  uint64_t count = 0;
  if (!GetString(value, &outcome.token_id) ||
      !GetString(value, &outcome.outcome) || !GetString(value, &outcome.ip) ||
      !GetVarint(value, &count) || !GetTime(value, &outcome.first_at) ||
      !value.empty()) {
    return std::nullopt;
  }
  outcome.count = static_cast<int64_t>(count);
  return outcome;
}

}  // namespace keytrail::projections::usage_format
