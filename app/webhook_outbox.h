// The webhook outbox: side table "webhooks" (durable), where the deliverer
// (webhook_deliverer.h) keeps how far it has read the log, the deliveries
// still to make and the log of every attempt. One place encodes and
// decodes it (grammar in webhook_outbox.cc).
//
// Thread safety: pure functions.
#ifndef KEYTRAIL_APP_WEBHOOK_OUTBOX_H_
#define KEYTRAIL_APP_WEBHOOK_OUTBOX_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "base/time.h"

namespace keytrail::app::webhook_outbox {

inline constexpr std::string_view kTableName = "webhooks";

// "c": every event up to this seq is in the outbox (or matched no webhook).
std::string CheckpointKey();
std::string EncodeSeq(uint64_t seq);
std::optional<uint64_t> DecodeSeq(std::string_view value);

// "i" token_id 0x00 ip: the IPs each token was used from, as the outbox
// has read them from TokenUsed (token.used_from_new_ip); the value is empty.
std::string SeenIpKey(std::string_view token_id, std::string_view ip);

// A delivery still to make: the event `seq` for webhook `webhook_id`.
struct Pending {
  std::string account_id;
  std::string kind;  // "token.created", ...
  std::string body;  // the JSON POSTed, without any secret
  uint32_t attempts = 0;
  Micros next_at = 0;  // the next attempt, not before
};
// "p" fixed64(seq) webhook_id: pending deliveries, oldest event first.
std::string PendingKey(uint64_t seq, std::string_view webhook_id);
std::string PendingPrefix();
// The (seq, webhook id) of a pending key; nullopt when malformed.
std::optional<std::pair<uint64_t, std::string>> DecodePendingKey(
    std::string_view key);
std::string EncodePending(const Pending& pending);
std::optional<Pending> DecodePending(std::string_view value);

// One attempt of a delivery, as GET …/webhooks/{id}/deliveries shows it.
enum class AttemptOutcome : uint8_t { kDelivered, kRetrying, kFailed };
struct Attempt {
  uint64_t seq = 0;
  uint32_t attempt = 0;  // 1, 2, ...
  std::string kind;
  Micros at = 0;
  int status = 0;     // the HTTP status; 0 when no response came
  std::string error;  // why no response came (never a secret or a body)
  AttemptOutcome outcome = AttemptOutcome::kRetrying;
};
// "l" webhook_id 0x00 fixed64(seq) fixed32(attempt): the delivery log.
std::string AttemptKey(std::string_view webhook_id, uint64_t seq,
                       uint32_t attempt);
// The first and the end (exclusive) key of `webhook_id`'s log.
std::string AttemptsBegin(std::string_view webhook_id);
std::string AttemptsEnd(std::string_view webhook_id);
std::string EncodeAttempt(const Attempt& attempt);
std::optional<Attempt> DecodeAttempt(std::string_view key,
                                     std::string_view value);

std::string_view ToString(AttemptOutcome outcome);  // "delivered", ...

}  // namespace keytrail::app::webhook_outbox

#endif  // KEYTRAIL_APP_WEBHOOK_OUTBOX_H_
