#include "eventstore/postgres/pg_event_store.h"

#include <poll.h>

#include <chrono>

#include "base/thread_name.h"
#include "eventstore/merkle_format.h"
#include "eventstore/postgres/pg_schema.h"
#include "eventstore/record_codec.h"
#include "eventstore/rocks_subscription.h"
#include "eventstore/tree_requests.h"

namespace keytrail::eventstore {
namespace {

// How often the watcher reads the log head when no NOTIFY arrives, and how
// long it waits before connecting again after losing its connection.
constexpr int kPollMillis = 50;
constexpr std::chrono::milliseconds kReconnectDelay(100);
// How often a node tries to take the leader lock, and how often the
// leader checks it still holds it: the longest a cluster goes without a
// leader after its leader dies.
constexpr std::chrono::milliseconds kLeaderPoll(250);
// Idle reader connections kept per node. Every management request on a
// cluster reads the shared head first, so as many run at once as there are
// busy workers: with 8 kept, the rest were opened and closed per request
// (a backend fork each), and one node's durable commands fell from about
// 2,000/s to 450/s in tools/bench-cluster.
constexpr size_t kIdleConnections = 32;
// The newest events kept in memory for the node's subscriptions
// (recent_events.h): several group commits' worth.
constexpr size_t kRecentEvents = 4096;

Status DecodeRows(const PgRows& rows, std::vector<RecordedEvent>* events) {
  events->resize(static_cast<size_t>(rows.size()));
  for (int i = 0; i < rows.size(); ++i) {
    const uint64_t seq = static_cast<uint64_t>(rows.Int(i, 0));
    if (!DecodeRecord(seq, rows.Bytes(i, 1), &(*events)[i])) {
      return Error::Make(
          ErrorCode::kCorruption,
          "the event at seq " + std::to_string(seq) + " is malformed");
    }
  }
  return OkStatus();
}

}  // namespace

Result<std::unique_ptr<EventStore>> PgEventStore::Open(
    const EventStoreOptions& options, const std::string& location) {
  Result<std::unique_ptr<PgConnection>> conn = PgConnection::Connect(location);
  if (!conn.ok()) return conn.error();
  if (Status migrated = Migrate(**conn); !migrated.ok()) {
    return migrated.error();
  }
  Result<PgRows> head = (*conn)->Query("SELECT seq FROM keytrail_log_head");
  if (!head.ok()) return head.error();
  if (head->size() != 1) {
    return Error::Make(ErrorCode::kCorruption,
                       "the keytrail_log_head row is missing");
  }
  return std::unique_ptr<EventStore>(new PgEventStore(
      options, location, static_cast<uint64_t>(head->Int(0, 0))));
}

PgEventStore::PgEventStore(const EventStoreOptions& options,
                           const std::string& location, uint64_t head)
    : pool_(location, kIdleConnections),
      recent_(kRecentEvents),
      head_(std::make_shared<PublishedHead>(head)),
      cross_node_locks_(location) {
  writer_ = std::make_unique<PgAppendWriter>(
      options, location, [this](uint64_t seq) { PublishAtLeast(seq); },
      [this](const std::vector<RecordedEvent>& committed) {
        recent_.Keep(committed);
      });
  watcher_ = std::thread([this] { Watch(); });
}

PgEventStore::~PgEventStore() {
  leader_.reset();  // hands the leadership over before the writer stops
  writer_.reset();  // completes every queued append
  stopping_.store(true);
  watcher_.join();
  head_->Close();  // stops every subscription thread
  tables_.clear();
}

void PgEventStore::PublishAtLeast(uint64_t seq) {
  std::lock_guard<std::mutex> lock(publish_mu_);
  if (seq > head_->Get()) head_->Publish(seq);
}

void PgEventStore::Watch() {
  NameThisThread("kt-pg-listen");
  std::unique_ptr<PgConnection> conn;
  bool read_head = true;
  while (!stopping_.load()) {
    if (!conn) {
      Result<std::unique_ptr<PgConnection>> connected =
          PgConnection::Connect(pool_.location());
      if (connected.ok()) {
        conn = std::move(*connected);
        if (!conn->Run(std::string("LISTEN ") + kPgLogChannel).ok()) {
          conn.reset();
        }
      }
      if (!conn) {
        std::this_thread::sleep_for(kReconnectDelay);
        continue;
      }
    }
    // Read the head after LISTEN (so that no commit falls between the
    // two) and whenever no notification came for kPollMillis.
    if (read_head) {
      Result<PgRows> head = conn->Query("SELECT seq FROM keytrail_log_head");
      if (!head.ok() || head->size() != 1) {
        conn.reset();
        read_head = true;
        continue;
      }
      PublishAtLeast(static_cast<uint64_t>(head->Int(0, 0)));
    }
    pollfd fd{conn->socket(), POLLIN, 0};
    if (fd.fd < 0) {
      conn.reset();
      continue;
    }
    poll(&fd, 1, kPollMillis);
    // A notification's payload is the head its commit made: every seq up
    // to it is committed (commits land in seq order), so it is published
    // as it is, without a query.
    Result<uint64_t> notified = conn->ConsumeNotifications();
    if (!notified.ok()) {
      conn.reset();
      read_head = true;
      continue;
    }
    if (*notified > 0) PublishAtLeast(*notified);
    read_head = *notified == 0;
  }
}

Result<AppendResult> PgEventStore::Append(const std::string& stream,
                                          ExpectedVersion expected,
                                          std::vector<NewEvent> events) {
  return writer_->Append(stream, expected, std::move(events));
}

std::vector<Result<AppendResult>> PgEventStore::AppendEach(
    std::vector<StreamAppend> appends) {
  return writer_->AppendEach(std::move(appends));
}

Result<uint64_t> PgEventStore::SyncSharedHead() { return shared_head_.Get(); }

Result<uint64_t> PgEventStore::ReadSharedHead() {
  Result<uint64_t> head =
      pool_.With<uint64_t>([](PgConnection& conn) -> Result<uint64_t> {
        Result<PgRows> rows = conn.Query("SELECT seq FROM keytrail_log_head");
        if (!rows.ok()) return rows.error();
        if (rows->size() != 1) {
          return Error::Make(ErrorCode::kCorruption,
                             "the keytrail_log_head row is missing");
        }
        return static_cast<uint64_t>(rows->Int(0, 0));
      });
  if (head.ok()) PublishAtLeast(*head);
  return head;
}

StoreStats PgEventStore::Stats() {
  StoreStats stats;
  stats.events_appended = writer_->events_appended();
  stats.batch_events = writer_->batch_events().Snapshot();
  stats.write_seconds = writer_->write_seconds().Snapshot();
  return stats;
}

bool PgEventStore::IsLeader() const {
  std::call_once(leader_once_, [this] {
    leader_ = std::make_unique<PgLeader>(pool_.location(), kLeaderPoll);
  });
  return leader_->IsLeader();
}

Result<std::unique_ptr<CrossNodeLock>> PgEventStore::LockAcrossNodes(
    std::string_view name) {
  return cross_node_locks_.Lock(name);
}

uint64_t PgEventStore::HeadSeq() const { return head_->Get(); }

Status PgEventStore::ReadAllInto(uint64_t from_seq, size_t max_count,
                                 std::vector<RecordedEvent>* events) {
  const uint64_t head = head_->Get();
  if (from_seq == 0) from_seq = 1;
  if (max_count == 0 || from_seq > head) {
    events->clear();
    return OkStatus();
  }
  // What this node keeps first; the rest (from the first event it does not
  // keep) from PostgreSQL.
  const size_t kept = recent_.CopyRun(from_seq, head, max_count, events);
  const uint64_t next = from_seq + kept;
  if (kept == max_count || next > head) return OkStatus();
  return pool_.With<Ok>([&](PgConnection& conn) -> Status {
    Result<PgRows> rows = conn.Query(
        "SELECT seq, record FROM keytrail_events "
        "WHERE seq >= $1 AND seq <= $2 ORDER BY seq LIMIT $3",
        PgParams()
            .Int(static_cast<int64_t>(next))
            .Int(static_cast<int64_t>(head))
            .Int(static_cast<int64_t>(
                std::min<uint64_t>(max_count - kept, 1 << 20))));
    if (!rows.ok()) return rows.error();
    std::vector<RecordedEvent> read;
    if (Status decoded = DecodeRows(*rows, &read); !decoded.ok()) {
      return decoded;
    }
    // Near the head, the node's other subscription reads the same events
    // next; a catch-up from far behind would only churn what is kept.
    if (!read.empty() && read.back().seq + kRecentEvents / 2 >= head) {
      recent_.Keep(read);
    }
    events->insert(events->end(), std::make_move_iterator(read.begin()),
                   std::make_move_iterator(read.end()));
    return OkStatus();
  });
}

Result<std::vector<RecordedEvent>> PgEventStore::ReadStream(
    const std::string& stream, uint64_t from_version, size_t max_count) {
  const uint64_t head = head_->Get();
  return pool_.With<std::vector<RecordedEvent>>(
      [&](PgConnection& conn) -> Result<std::vector<RecordedEvent>> {
        Result<PgRows> rows = conn.Query(
            "SELECT seq, record FROM keytrail_events WHERE stream = $1 AND "
            "version >= $2 AND seq <= $3 ORDER BY version LIMIT $4",
            PgParams()
                .Text(stream)
                .Int(static_cast<int64_t>(from_version))
                .Int(static_cast<int64_t>(head))
                .Int(static_cast<int64_t>(
                    std::min<uint64_t>(max_count, uint64_t{1} << 40))));
        if (!rows.ok()) return rows.error();
        std::vector<RecordedEvent> events;
        if (Status decoded = DecodeRows(*rows, &events); !decoded.ok()) {
          return decoded.error();
        }
        return events;
      });
}

Result<std::optional<uint64_t>> PgEventStore::StreamHead(
    const std::string& stream) {
  const uint64_t head = head_->Get();
  return pool_.With<std::optional<uint64_t>>(
      [&](PgConnection& conn) -> Result<std::optional<uint64_t>> {
        Result<PgRows> rows = conn.Query(
            "SELECT max(version) FROM keytrail_events "
            "WHERE stream = $1 AND seq <= $2",
            PgParams().Text(stream).Int(static_cast<int64_t>(head)));
        if (!rows.ok()) return rows.error();
        if (rows->size() == 0 || rows->IsNull(0, 0)) {
          return std::optional<uint64_t>();
        }
        return std::optional<uint64_t>(rows->Int(0, 0));
      });
}

Result<RecordedEvent> PgEventStore::ReadById(const std::string& id) {
  const uint64_t head = head_->Get();
  return pool_.With<RecordedEvent>(
      [&](PgConnection& conn) -> Result<RecordedEvent> {
        Result<PgRows> rows = conn.Query(
            "SELECT seq, record FROM keytrail_events "
            "WHERE id = $1 AND seq <= $2",
            PgParams().Text(id).Int(static_cast<int64_t>(head)));
        if (!rows.ok()) return rows.error();
        if (rows->size() == 0) {
          return Error::Make(ErrorCode::kNotFound, "no event with id " + id);
        }
        std::vector<RecordedEvent> events;
        if (Status decoded = DecodeRows(*rows, &events); !decoded.ok()) {
          return decoded.error();
        }
        return std::move(events.front());
      });
}

std::unique_ptr<Subscription> PgEventStore::Subscribe(uint64_t after_seq,
                                                      EventCallback callback) {
  return std::make_unique<RocksSubscription>(this, head_, after_seq,
                                             std::move(callback));
}

Status PgEventStore::Backup(const std::string& dir) {
  return Error::Make(ErrorCode::kInvalid,
                     "a PostgreSQL store is not copied to " + dir +
                         ": back it up with pg_dump (docs/deploy.md)");
}

SideTable* PgEventStore::Table(const std::string& name,
                               SideTableWrites writes) {
  std::lock_guard<std::mutex> lock(tables_mu_);
  std::unique_ptr<PgSideTable>& table = tables_[name];
  if (!table) {
    table = std::make_unique<PgSideTable>(&pool_, name,
                                          writes == SideTableWrites::kDurable);
  }
  return table.get();
}

NodeSource PgEventStore::NodesOver(PgConnection& conn) {
  return [&conn](int level, uint64_t index) -> Result<std::string> {
    Result<PgRows> rows = conn.Query(
        "SELECT hash FROM keytrail_tree_nodes WHERE level = $1 AND idx = $2",
        PgParams().Int(level).Int(static_cast<int64_t>(index)));
    if (!rows.ok()) return rows.error();
    if (rows->size() == 0 || rows->Bytes(0, 0).size() != kTreeHashSize) {
      return Error::Make(ErrorCode::kCorruption,
                         "the audit tree node (" + std::to_string(level) +
                             ", " + std::to_string(index) +
                             ") is missing or malformed");
    }
    return std::string(rows->Bytes(0, 0));
  };
}

Result<std::string> PgEventStore::TreeRoot(uint64_t tree_size) {
  if (Status checked = CheckTreeRootRequest(head_->Get(), tree_size);
      !checked.ok()) {
    return checked.error();
  }
  return pool_.With<std::string>([&](PgConnection& conn) {
    return TreeRootHash(NodesOver(conn), tree_size);
  });
}

Result<std::vector<std::string>> PgEventStore::InclusionProof(
    uint64_t seq, uint64_t tree_size) {
  if (Status checked = CheckInclusionRequest(head_->Get(), seq, tree_size);
      !checked.ok()) {
    return checked.error();
  }
  return pool_.With<std::vector<std::string>>([&](PgConnection& conn) {
    return InclusionPath(NodesOver(conn), seq - 1, tree_size);
  });
}

Result<std::vector<std::string>> PgEventStore::ConsistencyProof(
    uint64_t first, uint64_t second) {
  if (Status checked = CheckConsistencyRequest(head_->Get(), first, second);
      !checked.ok()) {
    return checked.error();
  }
  return pool_.With<std::vector<std::string>>([&](PgConnection& conn) {
    return ConsistencyPath(NodesOver(conn), first, second);
  });
}

Result<std::string> PgEventStore::TreeNode(int level, uint64_t index) {
  if (Status checked = CheckTreeNodeRequest(head_->Get(), level, index);
      !checked.ok()) {
    return checked.error();
  }
  return pool_.With<std::string>(
      [&](PgConnection& conn) { return NodesOver(conn)(level, index); });
}

}  // namespace keytrail::eventstore
