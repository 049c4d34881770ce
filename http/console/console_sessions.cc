#include "http/console/console_sessions.h"

#include <algorithm>

#include "base/base62.h"
#include "domain/event_codec.h"
#include "domain/ids.h"
#include "domain/secret.h"
#include "projections/new_event.h"

namespace keytrail::http {

namespace {

constexpr std::string_view kSessionIdPrefix = "cs_";
// 43 base62 characters: about 256 bits.
constexpr size_t kSecretChars = 43;
constexpr std::string_view kCsrfLabel = "keytrail console csrf\n";
constexpr std::chrono::seconds kFoldTimeout{10};
constexpr size_t kReadBatch = 1024;

Micros ToMicros(std::chrono::seconds seconds) {
  return static_cast<Micros>(seconds.count()) * 1'000'000;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  return text;
}

bool IsSessionEventType(std::string_view type) {
  return type == ConsoleSignedIn::kType ||
         type == ConsoleSessionTouched::kType ||
         type == ConsoleSignedOut::kType;
}

// Refused sign-ins write at most this many events per client address and
// minute, so that nobody can grow the log by posting bad tokens; the ones
// past the limit are refused all the same, without an event.
constexpr int kLoggedFailuresPerMinute = 10;

// Whether one more refused sign-in from `ip` may be logged at `now`.
// Process-wide (one window per address); thread-safe.
bool MayLogFailure(const std::string& ip, Micros now) {
  static std::mutex mu;
  static std::map<std::string, std::pair<Micros, int>, std::less<>> windows;
  constexpr Micros kMinute = 60'000'000;
  std::lock_guard lock(mu);
  if (windows.size() > 10'000) {
    std::erase_if(
        windows, [&](const auto& w) { return now - w.second.first > kMinute; });
  }
  auto& [start, count] = windows[ip];
  if (now - start > kMinute) {
    start = now;
    count = 0;
  }
  return ++count <= kLoggedFailuresPerMinute;
}

Error Unauthenticated(std::string message) {
  return Error::Make(ErrorCode::kUnauthenticated, std::move(message));
}

}  // namespace

ConsoleSessions::ConsoleSessions(eventstore::EventStore& store,
                                 projections::ProjectionEngine& engine,
                                 const app::Clock& clock, RandomSource& random,
                                 ConsoleSessionOptions options)
    : store_(store),
      engine_(engine),
      clock_(clock),
      random_(random),
      options_(options) {}

Status ConsoleSessions::Start() {
  Status read_back = OkStatus();
  engine_.AddListener([this](const eventstore::RecordedEvent& recorded,
                             const Event& event) { Apply(recorded, event); },
                      [this, &read_back](const projections::Views& views) {
                        read_back = ReadBack(views.applied_seq());
                      });
  return read_back;
}

Status ConsoleSessions::ReadBack(uint64_t through_seq) {
  if (through_seq == 0) return OkStatus();
  // The first seq whose event may belong to a live session: event times
  // follow seq order closely enough for a binary search.
  const Micros since = clock_.Now() - ToMicros(options_.absolute_timeout);
  uint64_t low = 1, high = through_seq;
  while (low < high) {
    uint64_t middle = low + (high - low) / 2;
    Result<std::vector<eventstore::RecordedEvent>> one =
        store_.ReadAll(middle, 1);
    if (!one.ok()) return one.error();
    if (one->empty() || one->front().time >= since) {
      high = middle;
    } else {
      low = middle + 1;
    }
  }
  std::vector<eventstore::RecordedEvent> batch;
  for (uint64_t seq = low; seq <= through_seq;) {
    size_t count = static_cast<size_t>(
        std::min<uint64_t>(kReadBatch, through_seq - seq + 1));
    if (Status read = store_.ReadAllInto(seq, count, &batch); !read.ok()) {
      return read;
    }
    if (batch.empty()) break;
    for (const eventstore::RecordedEvent& recorded : batch) {
      if (!IsSessionEventType(recorded.type)) continue;
      Result<Event> event =
          DecodeEvent(recorded.type, recorded.schema_version, recorded.payload);
      if (!event.ok()) return event.error();
      Apply(recorded, *event);
    }
    seq = batch.back().seq + 1;
  }
  return OkStatus();
}

void ConsoleSessions::Apply(const eventstore::RecordedEvent& recorded,
                            const Event& event) {
  if (!std::holds_alternative<ConsoleSignedIn>(event) &&
      !std::holds_alternative<ConsoleSessionTouched>(event) &&
      !std::holds_alternative<ConsoleSignedOut>(event)) {
    return;
  }
  std::lock_guard lock(mu_);
  if (const auto* in = std::get_if<ConsoleSignedIn>(&event)) {
    std::optional<Sha256Digest> token_hash =
        ParseSha256Hex(in->token_secret_sha256);
    if (!token_hash) return;
    ConsoleSession session;
    session.id = in->session_id;
    session.account_id = in->account_id;
    session.token_id = in->token_id;
    session.user_id = in->user_id;
    session.token_secret_sha256 = *token_hash;
    session.started_at = recorded.time;
    session.expires_at = in->expires_at;
    session.idle_seconds = in->idle_seconds;
    session.logged_use_at = session.used_at = recorded.time;
    session.ip = recorded.actor.ip;
    hash_of_id_[in->session_id] = in->session_sha256;
    by_hash_[in->session_sha256] = std::move(session);
  } else if (const auto* touched = std::get_if<ConsoleSessionTouched>(&event)) {
    auto id = hash_of_id_.find(touched->session_id);
    if (id == hash_of_id_.end()) return;
    auto found = by_hash_.find(id->second);
    if (found == by_hash_.end()) return;
    found->second.logged_use_at =
        std::max(found->second.logged_use_at, recorded.time);
    found->second.used_at = std::max(found->second.used_at, recorded.time);
  } else if (const auto* out = std::get_if<ConsoleSignedOut>(&event)) {
    auto id = hash_of_id_.find(out->session_id);
    if (id == hash_of_id_.end()) return;
    by_hash_.erase(id->second);
    hash_of_id_.erase(id);
  }
  // Sessions past their absolute end are dropped as the log moves on.
  const Micros now = recorded.time;
  for (auto it = by_hash_.begin(); it != by_hash_.end();) {
    if (it->second.expires_at <= now) {
      hash_of_id_.erase(it->second.id);
      it = by_hash_.erase(it);
    } else {
      ++it;
    }
  }
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
  event.session_sha256 = Sha256Hex(out.secret);
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
  std::lock_guard lock(mu_);
  auto found = by_hash_.find(event.session_sha256);
  if (found == by_hash_.end()) {
    return Error::Make(ErrorCode::kInternal, "the new session was not folded");
  }
  out.session = found->second;
  return out;
}

Status ConsoleSessions::RecordFailure(const std::string& account_id,
                                      std::string_view reason,
                                      const std::string& ip) {
  const Micros now = clock_.Now();
  if (!MayLogFailure(ip, now)) return OkStatus();
  ConsoleSignInFailed event{account_id, std::string(reason)};
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

bool ConsoleSessions::HasCookie(const Request& request) {
  return !CookieSecret(request).empty();
}

std::string_view ConsoleSessions::CookieSecret(const Request& request) {
  std::optional<std::string_view> header = request.Header("Cookie");
  if (!header) return {};
  std::string_view rest = *header;
  while (!rest.empty()) {
    size_t semicolon = rest.find(';');
    std::string_view pair = Trim(rest.substr(0, semicolon));
    rest = semicolon == std::string_view::npos ? std::string_view()
                                               : rest.substr(semicolon + 1);
    size_t equals = pair.find('=');
    if (equals == std::string_view::npos) continue;
    if (pair.substr(0, equals) == kCookieName) return pair.substr(equals + 1);
  }
  return {};
}

std::string ConsoleSessions::CsrfTokenOf(std::string_view secret) {
  return Sha256Hex(std::string(kCsrfLabel) + std::string(secret));
}

Result<ConsoleSession> ConsoleSessions::Authenticate(const Request& request) {
  std::string_view secret = CookieSecret(request);
  if (secret.empty()) return Unauthenticated("no console session");
  const std::string hash = Sha256Hex(secret);
  const Micros now = clock_.Now();
  ConsoleSession session;
  {
    std::lock_guard lock(mu_);
    auto found = by_hash_.find(hash);
    if (found == by_hash_.end()) {
      return Unauthenticated("the console session has ended; sign in again");
    }
    ConsoleSession& live = found->second;
    if (now >= live.expires_at ||
        now - live.used_at > live.idle_seconds * 1'000'000) {
      return Unauthenticated("the console session expired; sign in again");
    }
    session = live;
  }
  if (request.method != "GET" && request.method != "HEAD") {
    std::string_view sent = request.Header(kCsrfHeader).value_or("");
    if (!ConstantTimeEquals(sent, CsrfTokenOf(secret))) {
      return Error::Make(ErrorCode::kForbidden,
                         "a console write needs the X-CSRF-Token header");
    }
  }
  {
    std::lock_guard lock(mu_);
    if (auto found = by_hash_.find(hash); found != by_hash_.end()) {
      found->second.used_at = std::max(found->second.used_at, now);
    }
  }
  MaybeTouch(session, now);
  return session;
}

void ConsoleSessions::MaybeTouch(const ConsoleSession& session, Micros now) {
  if ((now - session.logged_use_at) * 4 < session.idle_seconds * 1'000'000) {
    return;
  }
  ConsoleSessionTouched event{session.id, session.account_id};
  Actor actor{session.token_id, session.user_id, ""};
  // Best effort: a failed touch only makes other nodes end the session
  // sooner; the session's own node keeps the use in memory.
  Result<eventstore::AppendResult> appended =
      store_.Append(StreamOf(event), eventstore::ExpectedVersion::Any(),
                    {projections::ToNewEvent(event, now, actor)});
  (void)appended;
  std::lock_guard lock(mu_);
  if (auto id = hash_of_id_.find(session.id); id != hash_of_id_.end()) {
    if (auto found = by_hash_.find(id->second); found != by_hash_.end()) {
      found->second.logged_use_at = std::max(found->second.logged_use_at, now);
    }
  }
}

size_t ConsoleSessions::size() const {
  std::lock_guard lock(mu_);
  return by_hash_.size();
}

}  // namespace keytrail::http
