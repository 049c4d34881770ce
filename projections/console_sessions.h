// ConsoleSessionTable: the admin console's live sign-in sessions
// (docs/console.md), a fold of the log's kSession events (ConsoleSignedIn,
// ConsoleSessionTouched, ConsoleSignedOut), so that every node folding the
// same log knows the same sessions. Sessions are found by the SHA-256 (hex)
// of their secret; the secret itself is never held.
//
// Apply() ignores every other event. Sessions past their absolute end are
// dropped as the log moves on. ReadBack() folds the session events of a
// range of the log (the sessions alive when a process starts).
//
// Thread safety: every method from any thread.
#ifndef KEYTRAIL_PROJECTIONS_CONSOLE_SESSIONS_H_
#define KEYTRAIL_PROJECTIONS_CONSOLE_SESSIONS_H_

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"
#include "base/sha256.h"
#include "base/time.h"
#include "domain/events.h"
#include "eventstore/event_log.h"

namespace keytrail::projections {

// One live session.
struct ConsoleSession {
  std::string id;
  std::string account_id;
  std::string token_id;
  std::string user_id;
  Sha256Digest token_secret_sha256{};
  Micros started_at = 0;
  Micros expires_at = 0;
  int64_t idle_seconds = 0;
  Micros logged_use_at = 0;  // the last use the log knows of
  Micros used_at = 0;        // the last use this node saw
  std::string ip;            // the sign-in's client address
};

class ConsoleSessionTable {
 public:
  // Folds `event` when it is a session event.
  void Apply(const eventstore::RecordedEvent& recorded, const Event& event);

  // Folds the session events of seqs [first event at or after `since`,
  // `through_seq`] of `log` (event times follow seq order closely enough for
  // a binary search). The log's error when it cannot be read or decoded.
  Status ReadBack(eventstore::EventLog& log, uint64_t through_seq,
                  Micros since);

  // The live session whose secret hashes to `session_sha256` (hex).
  std::optional<ConsoleSession> Find(std::string_view session_sha256) const;
  // This node saw a use of the session at `now`.
  void MarkUsed(std::string_view session_sha256, Micros now);
  // The log was told of a use of session `id` at `now`.
  void MarkLogged(std::string_view id, Micros now);

  size_t size() const;

 private:
  void ApplyLocked(Micros time, const std::string& ip, const Event& event);

  mutable std::mutex mu_;
  // By the hex SHA-256 of the session secret.
  std::map<std::string, ConsoleSession, std::less<>> by_hash_;  // guarded
  std::map<std::string, std::string, std::less<>> hash_of_id_;  // guarded
};

}  // namespace keytrail::projections

#endif  // KEYTRAIL_PROJECTIONS_CONSOLE_SESSIONS_H_
