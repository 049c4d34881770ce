// Side table "webhooks":
//
//   key                                              value
//   "c"                                              fixed64(seq)
//   "p" fixed64(seq) webhook_id                      pending
//   "l" webhook_id 0x00 fixed64(seq) fixed32(n)      attempt
//   "i" token_id 0x00 ip                             ""
//
//   pending  := string(account_id) string(kind) string(body)
//               varint(attempts) time64(next_at)
//   attempt  := string(kind) time64(at) varint(status) string(error)
//               byte(outcome)
//   fixed64/fixed32, time64, varint, string: base/byte_codec.h
//
// "c" and the "p" and "i" rows of the events up to it are written in one
// batch, so a restart resumes after exactly the events already in the
// outbox. Webhook and token ids hold no 0x00, so a webhook's log is one
// range, oldest event first.
#include "app/webhook_outbox.h"

#include "base/byte_codec.h"

namespace keytrail::app::webhook_outbox {

using byte_codec::GetFixed;
using byte_codec::GetString;
using byte_codec::GetTime;
using byte_codec::GetVarint;
using byte_codec::PutFixed;
using byte_codec::PutString;
using byte_codec::PutTime;
using byte_codec::PutVarint;

std::string CheckpointKey() { return "c"; }

std::string EncodeSeq(uint64_t seq) {
  std::string out;
  PutFixed(out, seq, 8);
  return out;
}

std::optional<uint64_t> DecodeSeq(std::string_view value) {
  uint64_t seq = 0;
  if (!GetFixed(value, 8, &seq) || !value.empty()) return std::nullopt;
  return seq;
}

std::string SeenIpKey(std::string_view token_id, std::string_view ip) {
  std::string key = "i";
  key.append(token_id);
  key.push_back('\0');
  key.append(ip);
  return key;
}

std::string PendingPrefix() { return "p"; }

std::string PendingKey(uint64_t seq, std::string_view webhook_id) {
  std::string key = PendingPrefix();
  PutFixed(key, seq, 8);
  key.append(webhook_id);
  return key;
}

std::optional<std::pair<uint64_t, std::string>> DecodePendingKey(
    std::string_view key) {
  if (!key.starts_with(PendingPrefix())) return std::nullopt;
  key.remove_prefix(PendingPrefix().size());
  uint64_t seq = 0;
  if (!GetFixed(key, 8, &seq) || key.empty()) return std::nullopt;
  return std::make_pair(seq, std::string(key));
}

std::string EncodePending(const Pending& pending) {
  std::string out;
  PutString(out, pending.account_id);
  PutString(out, pending.kind);
  PutString(out, pending.body);
  PutVarint(out, pending.attempts);
  PutTime(out, pending.next_at);
  return out;
}

std::optional<Pending> DecodePending(std::string_view value) {
  Pending pending;
  uint64_t attempts = 0;
  if (!GetString(value, &pending.account_id) ||
      !GetString(value, &pending.kind) || !GetString(value, &pending.body) ||
      !GetVarint(value, &attempts) || !GetTime(value, &pending.next_at) ||
      !value.empty()) {
    return std::nullopt;
  }
  pending.attempts = static_cast<uint32_t>(attempts);
  return pending;
}

std::string AttemptsBegin(std::string_view webhook_id) {
  std::string key = "l";
  key.append(webhook_id);
  key.push_back('\0');
  return key;
}

std::string AttemptsEnd(std::string_view webhook_id) {
  std::string key = "l";
  key.append(webhook_id);
  key.push_back('\1');
  return key;
}

std::string AttemptKey(std::string_view webhook_id, uint64_t seq,
                       uint32_t attempt) {
  std::string key = AttemptsBegin(webhook_id);
  PutFixed(key, seq, 8);
  PutFixed(key, attempt, 4);
  return key;
}

std::string EncodeAttempt(const Attempt& attempt) {
  std::string out;
  PutString(out, attempt.kind);
  PutTime(out, attempt.at);
  PutVarint(out, static_cast<uint64_t>(attempt.status));
  PutString(out, attempt.error);
  out.push_back(static_cast<char>(attempt.outcome));
  return out;
}

std::optional<Attempt> DecodeAttempt(std::string_view key,
                                     std::string_view value) {
  if (key.size() < 12) return std::nullopt;
  std::string_view tail = key.substr(key.size() - 12);
  Attempt attempt;
  uint64_t seq = 0, number = 0, status = 0;
  if (!GetFixed(tail, 8, &seq) || !GetFixed(tail, 4, &number) ||
      !GetString(value, &attempt.kind) || !GetTime(value, &attempt.at) ||
      !GetVarint(value, &status) || !GetString(value, &attempt.error) ||
      value.size() != 1 || static_cast<uint8_t>(value[0]) > 2) {
    return std::nullopt;
  }
  attempt.seq = seq;
  attempt.attempt = static_cast<uint32_t>(number);
  attempt.status = static_cast<int>(status);
  attempt.outcome = static_cast<AttemptOutcome>(value[0]);
  return attempt;
}

std::string_view ToString(AttemptOutcome outcome) {
  switch (outcome) {
    case AttemptOutcome::kDelivered:
      return "delivered";
    case AttemptOutcome::kRetrying:
      return "retrying";
    case AttemptOutcome::kFailed:
      return "failed";
  }
  return "failed";
}

}  // namespace keytrail::app::webhook_outbox
