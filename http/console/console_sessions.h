// ConsoleSessions: the admin console's sign-in sessions (docs/console.md),
// a projection of the session events of the log (ConsoleSignedIn,
// ConsoleSessionTouched, ConsoleSignedOut), so that every node folding the
// same log knows the same sessions.
//
// A session stands for the token whose secret was pasted at sign-in, and
// for exactly that secret: regenerating the token ends it, as do the
// token's revocation, disabling or expiry (the verification decision is
// made again on every request, as for a bearer token). The browser holds
// the session secret in an HttpOnly cookie; the log holds only its SHA-256.
// The CSRF token is derived from the session secret (SHA-256 under a fixed
// label), so any node can check it without storing it.
//
// Expiry: absolute (`absolute_timeout` after sign-in) and idle
// (`idle_timeout` without a request). A request moves the idle deadline in
// this node's memory at once, and in the log (ConsoleSessionTouched) when
// the last logged use is older than a quarter of the idle timeout, so
// other nodes learn of it within that bound.
//
// Start(): attaches to the engine; the sessions still alive at start are
// read back from the log (the events since now - absolute_timeout, found
// by a binary search on event time).
//
// Thread safety: every public method from any thread. The listener runs on
// the engine's applier thread.
#ifndef KEYTRAIL_HTTP_CONSOLE_CONSOLE_SESSIONS_H_
#define KEYTRAIL_HTTP_CONSOLE_CONSOLE_SESSIONS_H_

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "domain/events.h"
#include "base/random.h"
#include "base/result.h"
#include "base/sha256.h"
#include "eventstore/event_store.h"
#include "base/clock.h"
#include "http/request.h"
#include "projections/projection_engine.h"

namespace keytrail::http {

struct ConsoleSessionOptions {
  // Default: 30 minutes without a request.
  std::chrono::seconds idle_timeout{30 * 60};
  // Default: 12 hours after sign-in, whatever the use.
  std::chrono::seconds absolute_timeout{12 * 60 * 60};
};

// One live session, as the projection holds it.
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

// A new session: the cookie's secret and the CSRF token go to the browser
// once; neither is stored anywhere.
struct ConsoleSignIn {
  ConsoleSession session;
  std::string secret;
  std::string csrf_token;
};

class ConsoleSessions {
 public:
  static constexpr std::string_view kCookieName = "kt_session";
  static constexpr std::string_view kCsrfHeader = "X-CSRF-Token";

  // The arguments must outlive this object.
  ConsoleSessions(eventstore::EventStore& store,
                  projections::ProjectionEngine& engine,
                  const app::Clock& clock, RandomSource& random,
                  ConsoleSessionOptions options);
  ConsoleSessions(const ConsoleSessions&) = delete;
  ConsoleSessions& operator=(const ConsoleSessions&) = delete;

  // Attaches to the engine (see the file comment). kIoError/kCorruption
  // when the log cannot be read back.
  Status Start();

  const ConsoleSessionOptions& options() const { return options_; }

  // Opens a session for a token already verified by the caller (`token`:
  // its id, its user, the client address): appends ConsoleSignedIn and
  // waits until it is folded. Call without holding the views' lock.
  Result<ConsoleSignIn> Open(const Actor& token, const std::string& account_id,
                             const Sha256Digest& presented_secret);

  // Appends ConsoleSignInFailed (`account_id`: "_system" when unknown).
  Status RecordFailure(const std::string& account_id, std::string_view reason,
                       const std::string& ip);

  // Ends `session` (ConsoleSignedOut) and waits until it is folded.
  Status Close(const ConsoleSession& session, const Actor& actor);

  // The session of `request`'s cookie. kUnauthenticated when there is no
  // cookie, or it names no live session (unknown, ended, expired); for a
  // method other than GET and HEAD, kForbidden unless `X-CSRF-Token` holds
  // the session's CSRF token. A found session counts as used now.
  Result<ConsoleSession> Authenticate(const Request& request);

  // Whether `request` carries the session cookie at all.
  static bool HasCookie(const Request& request);
  // The CSRF token of the session whose secret is `secret`.
  static std::string CsrfTokenOf(std::string_view secret);
  // The session secret in `request`'s cookie; empty when absent.
  static std::string_view CookieSecret(const Request& request);

  // Live sessions, for tests and metrics.
  size_t size() const;

 private:
  void Apply(const eventstore::RecordedEvent& recorded, const Event& event);
  Status ReadBack(uint64_t through_seq);
  void MaybeTouch(const ConsoleSession& session, Micros now);

  eventstore::EventStore& store_;
  projections::ProjectionEngine& engine_;
  const app::Clock& clock_;
  RandomSource& random_;
  const ConsoleSessionOptions options_;

  mutable std::mutex mu_;
  // By the hex SHA-256 of the session secret.
  std::map<std::string, ConsoleSession, std::less<>> by_hash_;  // guarded
  std::map<std::string, std::string, std::less<>> hash_of_id_;  // guarded
};

}  // namespace keytrail::http

#endif  // KEYTRAIL_HTTP_CONSOLE_CONSOLE_SESSIONS_H_
