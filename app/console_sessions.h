// ConsoleSessions: signing in to, using and signing out of the admin console
// (docs/console.md). A session stands for the token whose secret was pasted
// at sign-in, and for exactly that secret: regenerating the token ends it, as
// do its revocation, disabling or expiry (the caller makes the verification
// decision again on every request, as for a bearer token). The browser holds
// the session secret in an HttpOnly cookie; the log holds only its SHA-256
// (projections/console_sessions.h folds the sessions). The CSRF token is
// derived from the session secret (SHA-256 under a fixed label), so any node
// can check it without storing it.
//
// Expiry: absolute (`absolute_timeout` after sign-in) and idle
// (`idle_timeout` without a request). A request moves the idle deadline in
// this node's memory at once, and in the log (ConsoleSessionTouched) when the
// last logged use is older than a quarter of the idle timeout, so other nodes
// learn of it within that bound.
//
// Refused sign-ins (ConsoleSignInFailed) are logged at most 10 a minute per
// client address, so bad tokens cannot grow the log; past that they are
// refused all the same, without an event.
//
// Thread safety: every method from any thread, after Start().
#ifndef KEYTRAIL_APP_CONSOLE_SESSIONS_H_
#define KEYTRAIL_APP_CONSOLE_SESSIONS_H_

#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "base/clock.h"
#include "base/random.h"
#include "base/result.h"
#include "base/sha256.h"
#include "eventstore/event_store.h"
#include "projections/console_sessions.h"
#include "projections/projection_engine.h"

namespace keytrail::app {

using projections::ConsoleSession;

struct ConsoleSessionOptions {
  // Default: 30 minutes without a request.
  std::chrono::seconds idle_timeout{30 * 60};
  // Default: 12 hours after sign-in, whatever the use.
  std::chrono::seconds absolute_timeout{12 * 60 * 60};
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
  // The arguments must outlive this object.
  ConsoleSessions(eventstore::EventStore& store,
                  projections::ProjectionEngine& engine, const Clock& clock,
                  RandomSource& random, ConsoleSessionOptions options);
  ConsoleSessions(const ConsoleSessions&) = delete;
  ConsoleSessions& operator=(const ConsoleSessions&) = delete;

  // Attaches the session table to the engine; the sessions still alive are
  // read back from the log. The log's error when it cannot be read.
  Status Start();

  const ConsoleSessionOptions& options() const { return options_; }

  // Opens a session for a token the caller has verified (`token`: its id,
  // its user, the client address): appends ConsoleSignedIn and waits until
  // it is folded. Call without holding the views' lock.
  Result<ConsoleSignIn> Open(const Actor& token, const std::string& account_id,
                             const Sha256Digest& presented_secret);

  // Appends ConsoleSignInFailed (rate-limited per `ip`, see above).
  Status RecordFailure(const std::string& token_account_id,
                       std::string_view reason, const std::string& ip);

  // Ends `session` for every node (ConsoleSignedOut) and waits until it is
  // folded.
  Status Close(const ConsoleSession& session, const Actor& actor);

  // The live session of the cookie secret `secret`. kUnauthenticated when it
  // names no live session (unknown, ended, expired); for a `write`,
  // kForbidden unless `csrf_token` is the session's CSRF token (compared in
  // constant time). A found session counts as used now.
  Result<ConsoleSession> Authenticate(std::string_view secret, bool write,
                                      std::string_view csrf_token);

  // The CSRF token of the session whose secret is `secret`.
  static std::string CsrfTokenOf(std::string_view secret);

  // Live sessions, for tests and metrics.
  size_t size() const { return table_.size(); }

 private:
  void MaybeTouch(const ConsoleSession& session, Micros now);
  bool MayLogFailure(const std::string& ip, Micros now);

  eventstore::EventStore& store_;
  projections::ProjectionEngine& engine_;
  const Clock& clock_;
  RandomSource& random_;
  const ConsoleSessionOptions options_;
  projections::ConsoleSessionTable table_;

  std::mutex failures_mu_;
  // Per client address: the start of its minute and its logged failures.
  std::map<std::string, std::pair<Micros, int>, std::less<>>
      failures_;  // guarded by failures_mu_
};

}  // namespace keytrail::app

#endif  // KEYTRAIL_APP_CONSOLE_SESSIONS_H_
