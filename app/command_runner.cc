#include "app/command_runner.h"

#include <mutex>
#include <optional>
#include <shared_mutex>

#include "domain/secret.h"
#include "projections/new_event.h"

namespace keytrail::app {

namespace {

using eventstore::ExpectedVersion;

constexpr std::chrono::milliseconds kApplyTimeout{10'000};

// The stream version the views hold for the aggregate `event` belongs to:
// Exact(version) when it exists, NoStream when it does not (the event
// creates it), Any for usage and the _system stream, which no command
// guards. Decided from the event's declaration (domain/events.h).
ExpectedVersion ExpectedFor(const projections::Views& views,
                            const Event& event) {
  return std::visit(
      [&](const auto& e) {
        using E = std::decay_t<decltype(e)>;
        auto exact_or_new = [](const auto* state) {
          return state ? ExpectedVersion::Exact(state->stream_version)
                       : ExpectedVersion::NoStream();
        };
        const std::string& id = AggregateIdOf(e);
        if constexpr (E::kRole == EventRole::kUsage) {
          return ExpectedVersion::Any();
        } else if constexpr (E::kAggregate == Aggregate::kAccount) {
          return exact_or_new(views.account(id));
        } else if constexpr (E::kAggregate == Aggregate::kGroup) {
          return exact_or_new(views.group(id));
        } else if constexpr (E::kAggregate == Aggregate::kUser) {
          return exact_or_new(views.user(id));
        } else if constexpr (E::kAggregate == Aggregate::kToken) {
          return exact_or_new(views.token(id));
        } else if constexpr (E::kAggregate == Aggregate::kGrant) {
          return exact_or_new(views.grant(id));
        } else if constexpr (E::kAggregate == Aggregate::kSession) {
          // Not in the views (app/console_sessions.h appends them).
          return E::kRole == EventRole::kCreates ? ExpectedVersion::NoStream()
                                                 : ExpectedVersion::Any();
        } else {
          return ExpectedVersion::Any();  // kSystem
        }
      },
      event);
}

// Consecutive events of one stream, appended together.
struct StreamBatch {
  std::string stream;
  ExpectedVersion expected;
  std::vector<eventstore::NewEvent> events;
};

std::vector<StreamBatch> Batch(const projections::Views& views,
                               const Events& events, const Actor& actor,
                               Micros now, const std::string& key) {
  std::vector<StreamBatch> batches;
  for (const Event& event : events) {
    std::string stream = StreamOf(event);
    if (batches.empty() || batches.back().stream != stream) {
      batches.push_back({stream, ExpectedFor(views, event), {}});
    }
    batches.back().events.push_back(
        projections::ToNewEvent(event, now, actor, key));
  }
  return batches;
}

}  // namespace

std::string ScopedIdempotencyKey(std::string_view account_id,
                                 std::string_view principal_token_id,
                                 std::string_view key) {
  std::string scope;
  scope.append(account_id).push_back('\n');
  scope.append(principal_token_id).push_back('\n');
  scope.append(key);
  return Sha256Hex(scope);
}

CommandRunner::CommandRunner(eventstore::EventStore& store,
                             projections::ProjectionEngine& engine,
                             const Clock& clock)
    : store_(store), engine_(engine), clock_(clock) {}

Status CommandRunner::LockAcrossNodes(
    const std::string& name,
    std::vector<std::unique_ptr<eventstore::CrossNodeLock>>& held) {
  Result<std::unique_ptr<eventstore::CrossNodeLock>> lock =
      store_.LockAcrossNodes(name);
  if (!lock.ok()) return lock.error();
  if (*lock == nullptr) return OkStatus();  // one process owns the store
  held.push_back(std::move(lock).value());
  // What the previous holder appended, on whichever node, is in the views
  // before this command decides.
  Result<uint64_t> head = store_.SyncSharedHead();
  if (!head.ok()) return head.error();
  return engine_.WaitUntilApplied(*head, kApplyTimeout);
}

Result<CommandOutcome> CommandRunner::Run(const CommandRequest& request) {
  // Cross-node locks first (always in this order: account, then key), then
  // this process's.
  std::vector<std::unique_ptr<eventstore::CrossNodeLock>> across;
  std::shared_lock<std::shared_mutex> shared;
  std::unique_lock<std::shared_mutex> exclusive;
  if (!request.account_id.empty()) {
    std::shared_mutex& mu = account_locks_.For(request.account_id);
    bool take_exclusive = request.exclusive;
    if (!take_exclusive) {
      shared = std::shared_lock(mu);
      if (request.exclusive_if) {
        projections::ProjectionEngine::ReadLock views = engine_.Read();
        take_exclusive = request.exclusive_if(views.views());
      }
      if (take_exclusive) shared.unlock();
    }
    if (take_exclusive) {
      if (Status locked =
              LockAcrossNodes("account:" + request.account_id, across);
          !locked.ok()) {
        return locked.error();
      }
      exclusive = std::unique_lock(mu);
    }
  }
  std::unique_lock<std::shared_mutex> key_lock;
  if (!request.idempotency_key.empty()) {
    if (Status locked =
            LockAcrossNodes("key:" + request.idempotency_key, across);
        !locked.ok()) {
      return locked.error();
    }
    key_lock =
        std::unique_lock(idempotency_locks_.For(request.idempotency_key));
  }
  for (int attempt = 1;; ++attempt) {
    bool retry = false;
    Result<CommandOutcome> outcome = Attempt(request, &retry);
    if (!retry || attempt == kMaxAttempts) return outcome;
    // The stream moved after the decision: let the views see the change,
    // then decide again.
    Status caught_up =
        engine_.WaitUntilApplied(store_.HeadSeq(), kApplyTimeout);
    if (!caught_up.ok()) return caught_up.error();
  }
}

Result<CommandOutcome> CommandRunner::Attempt(const CommandRequest& request,
                                              bool* retry) {
  CommandOutcome outcome;
  outcome.now = clock_.Now();
  const std::string stored_key =
      request.idempotency_key.empty()
          ? std::string()
          : request.idempotency_key + ":" + request.request_hash;
  std::vector<StreamBatch> batches;
  {
    projections::ProjectionEngine::ReadLock views = engine_.Read();
    if (!request.idempotency_key.empty()) {
      const projections::IdempotencyRecord* same =
          views->idempotency_record(stored_key, outcome.now);
      if (same != nullptr) {
        outcome.replayed = true;
        outcome.replayed_stream = same->stream;
        outcome.last_seq = same->last_seq;
        return outcome;
      }
      if (views->idempotency_record(request.idempotency_key, outcome.now)) {
        return Error::Make(ErrorCode::kConflict,
                           "this Idempotency-Key was used with another "
                           "request");
      }
    }
    Result<Events> decided = request.decide(views.views(), outcome.now);
    if (!decided.ok()) return decided.error();
    outcome.events = std::move(decided).value();
    batches = Batch(views.views(), outcome.events, request.actor, outcome.now,
                    stored_key);
  }
  for (StreamBatch& batch : batches) {
    Result<eventstore::AppendResult> appended =
        store_.Append(batch.stream, batch.expected, std::move(batch.events));
    if (!appended.ok()) {
      *retry = appended.error().code == ErrorCode::kConflict;
      return appended.error();
    }
    outcome.last_seq = appended->last_seq;
  }
  if (outcome.last_seq != 0) {
    Status applied = engine_.WaitUntilApplied(outcome.last_seq, kApplyTimeout);
    if (!applied.ok()) return applied.error();
  }
  return outcome;
}

}  // namespace keytrail::app
