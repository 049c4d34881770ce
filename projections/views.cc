// Views::Apply and the maintenance of the derived indexes. The lists are in
// views_query.cc, the binary image in views_format.cc.
#include "projections/views.h"

#include <algorithm>
#include <type_traits>
#include <variant>

#include "projections/views_internal.h"

namespace keytrail::projections {
namespace {

// Which aggregate an event folds into, from the event's own declaration
// (kAggregate, kRole in domain/events.h).
struct Target {
  Aggregate aggregate = Aggregate::kSystem;
  const std::string* id = nullptr;
  bool creates = false;        // the aggregate's first event
  bool index_neutral = false;  // changes nothing any index reads
};

template <typename E>
Target TargetOf(const E& e) {
  return {E::kAggregate, &AggregateIdOf(e), E::kRole == EventRole::kCreates,
          E::kRole == EventRole::kUsage || E::kRole == EventRole::kRecords};
}

// The aggregate `id` of `map` to fold into: created by a creating event,
// else the existing one; nullptr for an event of an unknown aggregate
// (never written by the domain; ignored rather than invented).
template <typename T>
T* Find(IdMap<T>& map, const std::string& id, bool creates, bool* inserted) {
  *inserted = false;
  if (creates) {
    auto [it, fresh] = map.try_emplace(id);
    *inserted = fresh;
    return &it->second;
  }
  auto it = map.find(id);
  return it == map.end() ? nullptr : &it->second;
}

}  // namespace

Views::Views(const Views& other)
    : state_(other.state_), actors_(other.actors_) {
  Reindex();
}

Views& Views::operator=(const Views& other) {
  if (this != &other) *this = Views(other);
  return *this;
}

void Views::Apply(const eventstore::RecordedEvent& recorded,
                  const Event& event) {
  meta_.seq = recorded.seq;
  meta_.version = recorded.version;
  meta_.time = recorded.time;
  meta_.actor.token_id.assign(recorded.actor.token_id);
  meta_.actor.user_id.assign(recorded.actor.user_id);
  meta_.actor.ip.assign(recorded.actor.ip);

  Target t = std::visit([](const auto& e) { return TargetOf(e); }, event);
  switch (t.aggregate) {
    case Aggregate::kAccount:
      Fold(state_.accounts, *t.id, t.creates, event);
      break;
    case Aggregate::kGroup:
      Fold(state_.groups, *t.id, t.creates, event);
      break;
    case Aggregate::kUser:
      Fold(state_.users, *t.id, t.creates, event);
      break;
    case Aggregate::kToken:
      FoldToken(*t.id, t.creates, t.index_neutral, event);
      break;
    case Aggregate::kGrant:
      Fold(state_.grants, *t.id, t.creates, event);
      break;
    case Aggregate::kSystem:   // counted by the usage projection
    case Aggregate::kSession:  // folded by console_sessions.h
      break;
  }
  RecordIdempotencyKey(recorded.idempotency_key, recorded);
  state_.applied_seq = recorded.seq;
  state_.last_event_time = std::max(state_.last_event_time, recorded.time);
}

template <typename T>
void Views::Fold(IdMap<T>& map, const std::string& id, bool creates,
                 const Event& event) {
  bool inserted;
  T* state = Find(map, id, creates, &inserted);
  if (state == nullptr) return;
  if (!inserted) Index(*state, -1);
  Evolve(*state, event, meta_);
  Index(*state, +1);
  if (inserted) AddToLists(*state);
}

void Views::FoldToken(const std::string& id, bool creates, bool index_neutral,
                      const Event& event) {
  bool inserted = false;
  TokenState* token = indexes_.last_token;
  if (creates || token == nullptr || token->id != id) {
    token = creates ? &state_.tokens.FindOrCreate(id, &inserted)
                    : state_.tokens.Find(id);
    if (token == nullptr) return;
    indexes_.last_token = token;
  }
  if (index_neutral) {  // usage: the hot path of a rebuild
    Evolve(*token, event, meta_);
    return;
  }
  meta_.shared_actor_id = actors_.Intern(ActorId(meta_.actor));
  std::optional<SecretKey> old_secrets[2];
  if (!inserted) {
    old_secrets[0] = token->secret_sha256;
    if (token->rare->previous_valid_until) {
      old_secrets[1] = token->rare->previous_secret_sha256;
    }
    Index(*token, -1);
  }
  Evolve(*token, event, meta_);
  Index(*token, +1);
  if (inserted) AddToLists(*token);
  // A secret the token no longer answers to is remembered as retired, so
  // that verification can say REVOKED rather than NOT_FOUND.
  for (const std::optional<SecretKey>& old : old_secrets) {
    if (old && !indexes_.secrets.contains(*old)) {
      state_.retired_secrets.insert_or_assign(*old, token->id);
    }
  }
}

void Views::RecordIdempotencyKey(std::string_view key,
                                 const eventstore::RecordedEvent& recorded) {
  if (key.empty()) return;
  auto& by_time = indexes_.idempotency_by_time;
  auto record_under = [&](std::string_view name) {
    auto [it, fresh] = state_.idempotency.try_emplace(std::string(name));
    IdempotencyRecord& record = it->second;
    if (fresh || recorded.time - record.time >= kIdempotencyWindow) {
      if (!fresh) by_time.erase({record.time, it->first});
      record = {recorded.stream, recorded.seq, recorded.seq, recorded.time};
      by_time.emplace(record.time, it->first);
    } else {
      record.last_seq = recorded.seq;
    }
  };
  record_under(key);
  if (size_t colon = key.rfind(':'); colon != std::string_view::npos) {
    record_under(key.substr(0, colon));
  }
  // Keys no lookup at this time or later would honour any more.
  while (!by_time.empty() &&
         recorded.time - by_time.begin()->first >= kIdempotencyWindow) {
    state_.idempotency.erase(by_time.begin()->second);
    by_time.erase(by_time.begin());
  }
}

void Views::Index(const TokenState& token, int sign) {
  if (token.status != TokenStatus::kRevoked) {
    for (const std::string& group : token.groups) {
      indexes_.group_usage[group].tokens += sign;
    }
  }
  auto index = [&](const SecretKey& key, SecretRole role) {
    if (sign > 0) {
      indexes_.secrets.Insert(key, &token, role);
    } else {
      indexes_.secrets.Erase(key, &token);
    }
  };
  if (token.rare->previous_valid_until) {
    index(token.rare->previous_secret_sha256, SecretRole::kPrevious);
  }
  index(token.secret_sha256, SecretRole::kCurrent);
}

void Views::Index(const UserState& user, int sign) {
  for (const std::string& group : user.groups) {
    indexes_.group_usage[group].users += sign;
  }
}

void Views::Index(const GrantState& grant, int sign) {
  if (grant.removed) return;
  for (const std::string& group : grant.groups) {
    indexes_.group_usage[group].grants += sign;
  }
  std::string key = internal::PairKey(grant.account_id, grant.token_id);
  if (sign > 0) {
    indexes_.grant_by_token[key] = &grant;
  } else if (auto it = indexes_.grant_by_token.find(key);
             it != indexes_.grant_by_token.end() && it->second == &grant) {
    indexes_.grant_by_token.erase(it);
  }
}

void Views::AddToLists(const TokenState& token) {
  indexes_.tokens_by_account[token.account_id].push_back(&token);
  if (!token.user_id.empty()) {
    indexes_.tokens_by_user[token.user_id].push_back(&token);
  }
}

void Views::AddToLists(const GroupState& group) {
  indexes_.groups_by_account[group.account_id].push_back(&group);
}

void Views::AddToLists(const UserState& user) {
  indexes_.users_by_account[user.account_id].push_back(&user);
  indexes_.user_by_email[internal::PairKey(
      user.account_id, internal::Lower(user.email))] = &user;
}

void Views::AddToLists(const GrantState& grant) {
  indexes_.grants_by_account[grant.account_id].push_back(&grant);
}

void Views::Reindex() {
  indexes_ = Indexes();
  for (const auto& [id, group] : state_.groups) AddToLists(group);
  for (const auto& [id, user] : state_.users) {
    AddToLists(user);
    Index(user, +1);
  }
  for (const auto& [id, token] : state_.tokens) {
    AddToLists(token);
    Index(token, +1);
  }
  for (const auto& [id, grant] : state_.grants) {
    AddToLists(grant);
    Index(grant, +1);
  }
  for (const auto& [key, record] : state_.idempotency) {
    indexes_.idempotency_by_time.emplace(record.time, key);
  }
}

}  // namespace keytrail::projections
