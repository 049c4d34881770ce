#include "app/console_sessions.h"

#include <algorithm>

#include "base/base62.h"
#include "domain/ids.h"
#include "domain/secret.h"
#include "projections/new_event.h"

namespace keytrail::app {

namespace {

constexpr std::string_view kSessionIdPrefix = "cs_";
// 43 base62 characters: about 256 bits.
constexpr size_t kSecretChars = 43;
constexpr std::string_view kCsrfLabel = "keytrail console csrf\n";
constexpr std::chrono::seconds kFoldTimeout{10};
constexpr int kLoggedFailuresPerMinute = 10;
constexpr Micros kMinute = 60'000'000;

Micros ToMicros(std::chrono::seconds seconds) {
  return static_cast<Micros>(seconds.count()) * 1'000'000;
}

std::string HexSha256(std::string_view text) {
  return Sha256DigestHex(Sha256DigestOf(text));
}

Error Unauthenticated(std::string message) {
  return Error::Make(ErrorCode::kUnauthenticated, std::move(message));
}

}  // namespace

ConsoleSessions::ConsoleSessions(eventstore::EventStore& store,
                                 projections::ProjectionEngine& engine,
                                 const Clock& clock, RandomSource& random,
                                 ConsoleSessionOptions options)
    : store_(store),
      engine_(engine),
      clock_(clock),
      random_(random),
      options_(options) {}

Status ConsoleSessions::Start() {
  Status read_back = OkStatus();
  engine_.AddListener(
      [this](const eventstore::RecordedEvent& recorded, const Event& event) {
        table_.Apply(recorded, event);
      },
      [this, &read_back](const projections::Views& views) {
        read_back =
            table_.ReadBack(store_, views.applied_seq(),
                            clock_.Now() - ToMicros(options_.absolute_timeout));
      });
  return read_back;
}

Result<ConsoleSignIn> ConsoleSessions::Open(const Actor& token,
                                            const std::string& account_id,
                                            const Sha256Digest& presented) {
  ConsoleSignIn out;
  AppendRandomBase62(out.secret, kSecretChars, random_);
  out.csrf_token = CsrfTokenOf(out.secret);
  const Micros now = clock_.Now();
  ConsoleSignedIn event;
  event.session_id = NewId(kSessionIdPrefix, random_);
  event.account_id = account_id;
  event.token_id = token.token_id;
  event.user_id = token.user_id;
  event.session_sha256 = HexSha256(out.secret);
  event.token_secret_sha256 = Sha256DigestHex(presented);
  event.expires_at = now + ToMicros(options_.absolute_timeout);
  event.idle_seconds = options_.idle_timeout.count();
  Result<eventstore::AppendResult> appended =
      store_.Append(StreamOf(event), eventstore::ExpectedVersion::NoStream(),
                    {projections::ToNewEvent(event, now, token)});
  if (!appended.ok()) return appended.error();
  if (Status folded =
          engine_.WaitUntilApplied(appended->last_seq, kFoldTimeout);
      !folded.ok()) {
    return folded.error();
  }
  std::optional<ConsoleSession> session = table_.Find(event.session_sha256);
  if (!session) {
    return Error::Make(ErrorCode::kInternal, "the new session was not folded");
  }
  out.session = std::move(*session);
  return out;
}

bool ConsoleSessions::MayLogFailure(const std::string& ip, Micros now) {
  std::lock_guard lock(failures_mu_);
  if (failures_.size() > 10'000) {
    std::erase_if(failures_, [&](const auto& window) {
      return now - window.second.first > kMinute;
    });
  }
  auto& [start, count] = failures_[ip];
  if (now - start > kMinute) {
    start = now;
    count = 0;
  }
  return ++count <= kLoggedFailuresPerMinute;
}

Status ConsoleSessions::RecordFailure(const std::string& token_account_id,
                                      std::string_view reason,
                                      const std::string& ip) {
  const Micros now = clock_.Now();
  if (!MayLogFailure(ip, now)) return OkStatus();
  ConsoleSignInFailed event{token_account_id, std::string(reason)};
  Result<eventstore::AppendResult> appended =
      store_.Append(StreamOf(event), eventstore::ExpectedVersion::Any(),
                    {projections::ToNewEvent(event, now, Actor{"", "", ip})});
  if (!appended.ok()) return appended.error();
  return OkStatus();
}

Status ConsoleSessions::Close(const ConsoleSession& session,
                              const Actor& actor) {
  ConsoleSignedOut event{session.id, session.account_id, "sign_out"};
  Result<eventstore::AppendResult> appended = store_.Append(
      StreamOf(event), eventstore::ExpectedVersion::StreamExists(),
      {projections::ToNewEvent(event, clock_.Now(), actor)});
  if (!appended.ok()) return appended.error();
  return engine_.WaitUntilApplied(appended->last_seq, kFoldTimeout);
}

std::string ConsoleSessions::CsrfTokenOf(std::string_view secret) {
  return HexSha256(std::string(kCsrfLabel) + std::string(secret));
}

Result<ConsoleSession> ConsoleSessions::Authenticate(
    std::string_view secret, bool write, std::string_view csrf_token) {
  if (secret.empty()) return Unauthenticated("no console session");
  const std::string hash = HexSha256(secret);
  const Micros now = clock_.Now();
  std::optional<ConsoleSession> session = table_.Find(hash);
  if (!session) {
    return Unauthenticated("the console session has ended; sign in again");
  }
  if (now >= session->expires_at ||
      now - session->used_at > session->idle_seconds * 1'000'000) {
    return Unauthenticated("the console session expired; sign in again");
  }
  if (write && !ConstantTimeEquals(csrf_token, CsrfTokenOf(secret))) {
    return Error::Make(ErrorCode::kForbidden,
                       "a console write needs the X-CSRF-Token header");
  }
  table_.MarkUsed(hash, now);
  MaybeTouch(*session, now);
  return std::move(*session);
}

void ConsoleSessions::MaybeTouch(const ConsoleSession& session, Micros now) {
  if ((now - session.logged_use_at) * 4 < session.idle_seconds * 1'000'000) {
    return;
  }
  ConsoleSessionTouched event{session.id, session.account_id};
  Actor actor{session.token_id, session.user_id, ""};
  // Best effort: a failed touch only makes other nodes end the session
  // sooner; this node keeps the use in memory.
  Result<eventstore::AppendResult> appended =
      store_.Append(StreamOf(event), eventstore::ExpectedVersion::Any(),
                    {projections::ToNewEvent(event, now, actor)});
  (void)appended;
  table_.MarkLogged(session.id, now);
}

}  // namespace keytrail::app
