#include "projections/console_sessions.h"

#include <algorithm>
#include <vector>

#include "base/overloaded.h"
#include "domain/event_codec.h"

namespace keytrail::projections {

namespace {

constexpr size_t kReadBatch = 1024;

bool IsSessionEventType(std::string_view type) {
  return type == ConsoleSignedIn::kType ||
         type == ConsoleSessionTouched::kType ||
         type == ConsoleSignedOut::kType;
}

}  // namespace

void ConsoleSessionTable::Apply(const eventstore::RecordedEvent& recorded,
                                const Event& event) {
  std::lock_guard lock(mu_);
  ApplyLocked(recorded.time, recorded.actor.ip, event);
}

void ConsoleSessionTable::ApplyLocked(Micros time, const std::string& ip,
                                      const Event& event) {
  auto session_of = [&](const std::string& id) -> ConsoleSession* {
    auto hash = hash_of_id_.find(id);
    if (hash == hash_of_id_.end()) return nullptr;
    auto found = by_hash_.find(hash->second);
    return found == by_hash_.end() ? nullptr : &found->second;
  };
  bool folded = VisitEventsOf<Aggregate::kSession>(
      event,
      Overloaded{
          [&](const ConsoleSignedIn& in) {
            std::optional<Sha256Digest> token_hash =
                ParseSha256Hex(in.token_secret_sha256);
            if (!token_hash) return;
            ConsoleSession session;
            session.id = in.session_id;
            session.account_id = in.account_id;
            session.token_id = in.token_id;
            session.user_id = in.user_id;
            session.token_secret_sha256 = *token_hash;
            session.started_at = time;
            session.expires_at = in.expires_at;
            session.idle_seconds = in.idle_seconds;
            session.logged_use_at = session.used_at = time;
            session.ip = ip;
            hash_of_id_[in.session_id] = in.session_sha256;
            by_hash_[in.session_sha256] = std::move(session);
          },
          [&](const ConsoleSessionTouched& touched) {
            if (ConsoleSession* session = session_of(touched.session_id)) {
              session->logged_use_at = std::max(session->logged_use_at, time);
              session->used_at = std::max(session->used_at, time);
            }
          },
          [&](const ConsoleSignedOut& out) {
            auto hash = hash_of_id_.find(out.session_id);
            if (hash == hash_of_id_.end()) return;
            by_hash_.erase(hash->second);
            hash_of_id_.erase(hash);
          },
      });
  if (!folded) return;
  // Sessions past their absolute end are dropped as the log moves on.
  std::erase_if(by_hash_, [&](const auto& entry) {
    if (entry.second.expires_at > time) return false;
    hash_of_id_.erase(entry.second.id);
    return true;
  });
}

Status ConsoleSessionTable::ReadBack(eventstore::EventLog& log,
                                     uint64_t through_seq, Micros since) {
  if (through_seq == 0) return OkStatus();
  uint64_t low = 1, high = through_seq;
  while (low < high) {
    uint64_t middle = low + (high - low) / 2;
    Result<std::vector<eventstore::RecordedEvent>> one = log.ReadAll(middle, 1);
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
    if (Status read = log.ReadAllInto(seq, count, &batch); !read.ok()) {
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

std::optional<ConsoleSession> ConsoleSessionTable::Find(
    std::string_view session_sha256) const {
  std::lock_guard lock(mu_);
  auto found = by_hash_.find(session_sha256);
  if (found == by_hash_.end()) return std::nullopt;
  return found->second;
}

void ConsoleSessionTable::MarkUsed(std::string_view session_sha256,
                                   Micros now) {
  std::lock_guard lock(mu_);
  if (auto found = by_hash_.find(session_sha256); found != by_hash_.end()) {
    found->second.used_at = std::max(found->second.used_at, now);
  }
}

void ConsoleSessionTable::MarkLogged(std::string_view id, Micros now) {
  std::lock_guard lock(mu_);
  auto hash = hash_of_id_.find(id);
  if (hash == hash_of_id_.end()) return;
  if (auto found = by_hash_.find(hash->second); found != by_hash_.end()) {
    found->second.logged_use_at = std::max(found->second.logged_use_at, now);
  }
}

size_t ConsoleSessionTable::size() const {
  std::lock_guard lock(mu_);
  return by_hash_.size();
}

}  // namespace keytrail::projections
