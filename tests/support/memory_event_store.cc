#include "tests/support/memory_event_store.h"

#include <thread>
#include <utility>

#include "projections/new_event.h"

namespace keytrail::test {
namespace {

using eventstore::AppendResult;
using eventstore::ExpectedVersion;
using eventstore::RecordedEvent;

class MemorySideTable : public eventstore::SideTable {
 public:
  Status Put(const std::string& key, const std::string& value) override {
    std::lock_guard lock(mu_);
    rows_[key] = value;
    return OkStatus();
  }
  Status Delete(const std::string& key) override {
    std::lock_guard lock(mu_);
    rows_.erase(key);
    return OkStatus();
  }
  Result<std::optional<std::string>> Get(const std::string& key) override {
    std::lock_guard lock(mu_);
    auto it = rows_.find(key);
    if (it == rows_.end()) return std::optional<std::string>();
    return std::optional<std::string>(it->second);
  }
  Status Scan(const std::string& from, const std::string& to,
              const std::function<bool(const std::string&, const std::string&)>&
                  visit) override {
    std::map<std::string, std::string> copy;
    {
      std::lock_guard lock(mu_);
      auto end = to.empty() ? rows_.end() : rows_.lower_bound(to);
      copy.insert(rows_.lower_bound(from), end);
    }
    for (const auto& [key, value] : copy) {
      if (!visit(key, value)) break;
    }
    return OkStatus();
  }
  Status Write(
      const std::vector<std::pair<std::string, std::optional<std::string>>>&
          changes) override {
    std::lock_guard lock(mu_);
    for (const auto& [key, value] : changes) {
      if (value) {
        rows_[key] = *value;
      } else {
        rows_.erase(key);
      }
    }
    return OkStatus();
  }

 private:
  std::mutex mu_;
  std::map<std::string, std::string> rows_;
};

}  // namespace

struct MemoryEventStore::Shared {
  mutable std::mutex mu;
  std::condition_variable appended;
  std::vector<RecordedEvent> log;                        // log[seq - 1]
  std::map<std::string, std::vector<uint64_t>> streams;  // seqs by version
  std::map<std::string, uint64_t> seq_by_id;
  std::map<std::string, std::unique_ptr<MemorySideTable>> tables;
  std::atomic<uint64_t> head{0};
};

namespace {

// Delivers the log after `position` to `callback` on its own thread.
class MemorySubscription : public eventstore::Subscription {
 public:
  MemorySubscription(std::shared_ptr<MemoryEventStore::Shared> shared,
                     uint64_t after_seq, eventstore::EventCallback callback)
      : state_(std::make_shared<State>()) {
    state_->shared = std::move(shared);
    state_->callback = std::move(callback);
    thread_ =
        std::thread([state = state_, after_seq] { Run(state, after_seq); });
  }
  ~MemorySubscription() override { Cancel(); }

  void Cancel() override {
    {
      std::lock_guard lock(state_->shared->mu);
      state_->cancelled = true;
    }
    state_->shared->appended.notify_all();
    if (!thread_.joinable()) return;
    if (thread_.get_id() == std::this_thread::get_id()) {
      thread_.detach();  // cancelled from its own callback
    } else {
      thread_.join();
    }
  }

 private:
  struct State {
    std::shared_ptr<MemoryEventStore::Shared> shared;
    eventstore::EventCallback callback;
    bool cancelled = false;  // guarded by shared->mu
  };

  static void Run(std::shared_ptr<State> state, uint64_t position) {
    MemoryEventStore::Shared& shared = *state->shared;
    for (;;) {
      std::vector<RecordedEvent> batch;
      {
        std::unique_lock lock(shared.mu);
        shared.appended.wait(lock, [&] {
          return state->cancelled || shared.log.size() > position;
        });
        if (state->cancelled) return;
        batch.assign(shared.log.begin() + static_cast<long>(position),
                     shared.log.end());
      }
      for (const RecordedEvent& event : batch) {
        {
          std::lock_guard lock(shared.mu);
          if (state->cancelled) return;
        }
        state->callback(event);
        position = event.seq;
      }
    }
  }

  std::shared_ptr<State> state_;
  std::thread thread_;
};

std::optional<Error> CheckExpected(const std::vector<uint64_t>* stream,
                                   ExpectedVersion expected) {
  std::optional<uint64_t> actual;
  if (stream != nullptr && !stream->empty()) actual = stream->size() - 1;
  bool ok = true;
  switch (expected.kind) {
    case ExpectedVersion::Kind::kAny:
      break;
    case ExpectedVersion::Kind::kNoStream:
      ok = !actual;
      break;
    case ExpectedVersion::Kind::kStreamExists:
      ok = actual.has_value();
      break;
    case ExpectedVersion::Kind::kExact:
      ok = actual && *actual == expected.version;
      break;
  }
  if (ok) return std::nullopt;
  Error error = Error::Make(ErrorCode::kConflict, "wrong expected version");
  error.actual_version = actual;
  return error;
}

}  // namespace

MemoryEventStore::MemoryEventStore() : shared_(std::make_shared<Shared>()) {}
MemoryEventStore::~MemoryEventStore() = default;

Result<AppendResult> MemoryEventStore::Append(
    const std::string& stream, ExpectedVersion expected,
    std::vector<eventstore::NewEvent> events) {
  if (events.empty()) {
    return Error::Make(ErrorCode::kInvalid, "no events to append");
  }
  std::lock_guard lock(shared_->mu);
  std::vector<uint64_t>& seqs = shared_->streams[stream];
  if (auto it = shared_->seq_by_id.find(events[0].id);
      it != shared_->seq_by_id.end()) {  // a retried append
    const RecordedEvent& first = shared_->log[it->second - 1];
    bool same =
        first.stream == stream && first.version + events.size() <= seqs.size();
    for (size_t i = 0; same && i < events.size(); ++i) {
      same = shared_->log[seqs[first.version + i] - 1].id == events[i].id;
    }
    if (!same) return Error::Make(ErrorCode::kConflict, "event id reused");
    return AppendResult{first.seq, first.seq + events.size() - 1,
                        first.version + events.size() - 1};
  }
  if (std::optional<Error> error = CheckExpected(&seqs, expected)) {
    return *error;
  }
  AppendResult result;
  for (eventstore::NewEvent& event : events) {
    RecordedEvent recorded;
    recorded.seq = shared_->log.size() + 1;
    recorded.stream = stream;
    recorded.version = seqs.size();
    recorded.id = std::move(event.id);
    recorded.type = std::move(event.type);
    recorded.schema_version = event.schema_version;
    recorded.time = event.time;
    recorded.actor = std::move(event.actor);
    recorded.payload = std::move(event.payload);
    recorded.idempotency_key = std::move(event.idempotency_key);
    if (result.first_seq == 0) result.first_seq = recorded.seq;
    result.last_seq = recorded.seq;
    result.last_version = recorded.version;
    seqs.push_back(recorded.seq);
    shared_->seq_by_id[recorded.id] = recorded.seq;
    shared_->log.push_back(std::move(recorded));
  }
  shared_->head.store(result.last_seq);
  shared_->appended.notify_all();
  return result;
}

Status MemoryEventStore::ReadAllInto(uint64_t from_seq, size_t max_count,
                                     std::vector<RecordedEvent>* events) {
  std::lock_guard lock(shared_->mu);
  size_t count = 0;
  for (uint64_t seq = std::max<uint64_t>(from_seq, 1);
       seq <= shared_->log.size() && count < max_count; ++seq, ++count) {
    if (count < events->size()) {
      (*events)[count] = shared_->log[seq - 1];  // keeps the strings' buffers
    } else {
      events->push_back(shared_->log[seq - 1]);
    }
  }
  events->resize(count);
  return OkStatus();
}

Result<std::vector<RecordedEvent>> MemoryEventStore::ReadStream(
    const std::string& stream, uint64_t from_version, size_t max_count) {
  std::lock_guard lock(shared_->mu);
  std::vector<RecordedEvent> out;
  auto it = shared_->streams.find(stream);
  if (it == shared_->streams.end()) return out;
  for (uint64_t v = from_version;
       v < it->second.size() && out.size() < max_count; ++v) {
    out.push_back(shared_->log[it->second[v] - 1]);
  }
  return out;
}

Result<std::optional<uint64_t>> MemoryEventStore::StreamHead(
    const std::string& stream) {
  std::lock_guard lock(shared_->mu);
  auto it = shared_->streams.find(stream);
  if (it == shared_->streams.end() || it->second.empty()) {
    return std::optional<uint64_t>();
  }
  return std::optional<uint64_t>(it->second.size() - 1);
}

Result<RecordedEvent> MemoryEventStore::ReadById(const std::string& id) {
  std::lock_guard lock(shared_->mu);
  auto it = shared_->seq_by_id.find(id);
  if (it == shared_->seq_by_id.end()) {
    return Error::Make(ErrorCode::kNotFound, "no event with id " + id);
  }
  return shared_->log[it->second - 1];
}

uint64_t MemoryEventStore::HeadSeq() const { return shared_->head.load(); }

std::unique_ptr<eventstore::Subscription> MemoryEventStore::Subscribe(
    uint64_t after_seq, eventstore::EventCallback callback) {
  return std::make_unique<MemorySubscription>(shared_, after_seq,
                                              std::move(callback));
}

Status MemoryEventStore::Backup(const std::string&) {
  return Error::Make(ErrorCode::kInternal, "MemoryEventStore has no Backup");
}

Result<std::string> MemoryEventStore::TreeRoot(uint64_t) {
  return Error::Make(ErrorCode::kInternal, "MemoryEventStore has no tree");
}

Result<std::vector<std::string>> MemoryEventStore::InclusionProof(uint64_t,
                                                                  uint64_t) {
  return Error::Make(ErrorCode::kInternal, "MemoryEventStore has no tree");
}

Result<std::vector<std::string>> MemoryEventStore::ConsistencyProof(uint64_t,
                                                                    uint64_t) {
  return Error::Make(ErrorCode::kInternal, "MemoryEventStore has no tree");
}

Result<std::string> MemoryEventStore::TreeNode(int, uint64_t) {
  return Error::Make(ErrorCode::kInternal, "MemoryEventStore has no tree");
}

eventstore::SideTable* MemoryEventStore::Table(
    const std::string& name, eventstore::SideTableWrites /*writes*/) {
  std::lock_guard lock(shared_->mu);
  std::unique_ptr<MemorySideTable>& table = shared_->tables[name];
  if (!table) table = std::make_unique<MemorySideTable>();
  return table.get();
}

uint64_t AppendEvent(eventstore::EventStore& store, const Event& event,
                     Micros time, const Actor& actor) {
  eventstore::NewEvent record = projections::ToNewEvent(event, time, actor);
  Result<AppendResult> result =
      store.Append(StreamOf(event), ExpectedVersion::Any(), {record});
  return result.ok() ? result->last_seq : 0;
}

}  // namespace keytrail::test
