#include "routes/keytrail_service.h"

#include <chrono>
#include <mutex>
#include <system_error>

#include "app/command_runner.h"
#include "app/credit_leases.h"
#include "app/operator_token.h"
#include "app/rate_limiter.h"
#include "app/store_check.h"
#include "app/usage_recorder.h"
#include "app/vault.h"
#include "app/webhook_deliverer.h"
#include "audit/audit_feed.h"
#include "audit/audit_format.h"
#include "audit/head_publisher.h"
#include "base/clock.h"
#include "base/os_random.h"
#include "eventstore/postgres/pg_connection.h"
#include "http/json_body.h"
#include "http/outbound_post.h"
#include "http/problem.h"
#include "projections/as_of.h"
#include "projections/projection_engine.h"
#include "routes/api_context.h"
#include "routes/audit_routes.h"
#include "routes/route_table.h"
#include "routes/service_metrics.h"

namespace keytrail::http {

// Declared in the order they are opened; destroyed in reverse.
struct KeytrailService::Parts {
  std::unique_ptr<eventstore::EventStore> store;
  std::unique_ptr<projections::ProjectionEngine> engine;
  std::unique_ptr<projections::PointInTimeViews> past;
  SystemClock clock;
  OsRandom random;
  std::unique_ptr<app::CommandRunner> runner;
  std::unique_ptr<app::SecretVault> vault;
  // Verification index, usage recording and the usage projection; stopped
  // (final usage flush) before the engine.
  std::unique_ptr<app::UsageRecorder> usage;
  // The rate-limit buckets (docs/api.md "Rate limits"), in memory only.
  app::RateLimiter limiter;
  // This node's credit leases (docs/api.md "Credits"); their unused
  // credits are returned before the usage recorder's last flush.
  std::unique_ptr<app::CreditLeases> credits;
  // The console's sign-in sessions, folded from the log.
  std::unique_ptr<app::ConsoleSessions> console;
  // Webhook deliveries from the log; stopped first (it reads the views).
  std::unique_ptr<app::WebhookDeliverer> webhooks;
  ApiContext context;
  // The audit trail (docs/api.md §5): signed tree heads and the SSE feed;
  // stopped (a last head signed) before the store closes.
  std::unique_ptr<audit::HeadLog> heads;
  std::unique_ptr<audit::HeadPublisher> publisher;
  std::unique_ptr<audit::AuditFeed> feed;
  AuditContext audit;
  RouteServices routes;  // what the route table reaches
  // Checks every block of the store in the background; stopped first.
  std::unique_ptr<app::StoreCheck> check;
  // Close() sets `closed` under the lock before it stops anything; a
  // metrics scrape (another thread) holds the lock while it reads the
  // parts, so it either finishes first or sees `closed` and reads nothing.
  std::mutex closing_mu;
  bool closed = false;  // guarded by closing_mu
};

namespace {

// How long Open() waits for the projections to replay the log's tail.
constexpr std::chrono::minutes kStartReplayTimeout{30};

}  // namespace

Result<std::unique_ptr<KeytrailService>> KeytrailService::Open(
    const ServiceOptions& options) {
  std::error_code ec;
  std::filesystem::create_directories(options.data_dir, ec);
  if (ec) {
    return Error::Make(
        ErrorCode::kIoError,
        "cannot create " + options.data_dir.string() + ": " + ec.message());
  }
  auto parts = std::make_unique<Parts>();
  eventstore::EventStoreOptions store_options;
  store_options.durability = options.durability;
  Result<std::unique_ptr<eventstore::EventStore>> store =
      eventstore::EventStore::Open(
          store_options,
          options.store.empty()
              ? (options.data_dir / eventstore::kStoreDir).string()
              : options.store);
  if (!store.ok()) return store.error();
  parts->store = std::move(store).value();

  Result<app::MasterKey> key = app::LoadMasterKey(
      options.vault_key_file.empty() ? options.data_dir / app::kMasterKeyFile
                                     : options.vault_key_file);
  if (!key.ok()) return key.error();
  parts->vault = std::make_unique<app::SecretVault>(
      *parts->store->Table(app::kVaultTable,
                           eventstore::SideTableWrites::kErasable),
      *key);

  Result<std::unique_ptr<projections::ProjectionEngine>> engine =
      projections::ProjectionEngine::Start(*parts->store, {});
  if (!engine.ok()) return engine.error();
  parts->engine = std::move(engine).value();
  parts->past = std::make_unique<projections::PointInTimeViews>(*parts->store);
  parts->runner = std::make_unique<app::CommandRunner>(
      *parts->store, *parts->engine, parts->clock);

  ApiContext& context = parts->context;
  context.store = parts->store.get();
  context.engine = parts->engine.get();
  context.past = parts->past.get();
  context.runner = parts->runner.get();
  context.vault = parts->vault.get();
  context.random = &parts->random;
  context.clock = &parts->clock;
  context.trusted_proxies = options.trusted_proxies;
  context.webhooks_allow_http_loopback = options.webhooks_allow_http_loopback;
  context.auth_metadata_header = options.auth_metadata_header;

  app::UsageRecorderOptions usage_options;
  if (eventstore::IsPostgresLocation(options.store)) {
    usage_options.ForSharedStore();
  }
  usage_options.node = options.node;
  parts->usage = std::make_unique<app::UsageRecorder>(
      *parts->store, *parts->engine, parts->clock, usage_options);
  if (Status started = parts->usage->Start(); !started.ok()) {
    return started.error();
  }
  context.usage = parts->usage.get();
  context.limiter = &parts->limiter;
  app::CreditLeasesOptions credit_options;
  credit_options.node = options.node;
  parts->credits = std::make_unique<app::CreditLeases>(
      *parts->runner, parts->random, credit_options);
  parts->credits->Start();
  context.credits = parts->credits.get();
  parts->console = std::make_unique<app::ConsoleSessions>(
      *parts->store, *parts->engine, parts->clock, parts->random,
      options.console);
  if (Status started = parts->console->Start(); !started.ok()) {
    return started.error();
  }
  context.console = parts->console.get();

  // The engine replays the log's tail after its checkpoint in the
  // background; after a crash that tail holds events the bootstrap must
  // see (else it tries to create the operator again and the start fails).
  if (Status caught_up = parts->engine->WaitUntilApplied(
          parts->store->HeadSeq(), kStartReplayTimeout);
      !caught_up.ok()) {
    return caught_up.error();
  }
  Result<std::optional<std::string>> secret =
      app::BootstrapOperatorIfNeeded(*parts->runner, parts->random);
  if (!secret.ok()) return secret.error();

  Result<audit::AuditKey> audit_key = audit::AuditKey::LoadOrCreate(
      options.audit_key_file.empty() ? options.data_dir / audit::kPrivateKeyFile
                                     : options.audit_key_file);
  if (!audit_key.ok()) return audit_key.error();
  parts->heads = std::make_unique<audit::HeadLog>(
      *parts->store->Table(std::string(audit::kHeadsTable)));
  parts->publisher = std::make_unique<audit::HeadPublisher>(
      *parts->store, *parts->heads, *audit_key, parts->clock);
  if (Status started = parts->publisher->Start(); !started.ok()) {
    return started.error();
  }
  parts->feed = std::make_unique<audit::AuditFeed>(*parts->store);
  parts->feed->Start();
  parts->audit =
      AuditContext{&context, parts->publisher.get(), parts->heads.get(),
                   parts->feed.get(), audit_key->public_key()};
  // Every node runs one; on a cluster only the leader's delivers
  // (app/webhook_deliverer.h).
  parts->webhooks = std::make_unique<app::WebhookDeliverer>(
      *parts->store, *parts->engine, *parts->vault, parts->clock,
      [ca_file = options.webhooks_ca_file](const app::WebhookPost& post) {
        OutboundPost outbound{post.url, post.body, post.headers};
        outbound.ca_file = ca_file;
        return PostJson(outbound);
      },
      app::WebhookDelivererOptions{.expiry_scan = options.webhooks_expiry_scan},
      parts->runner.get());
  if (Status started = parts->webhooks->Start(); !started.ok()) {
    return started.error();
  }
  parts->check = std::make_unique<app::StoreCheck>(*parts->store);
  std::unique_ptr<KeytrailService> service(
      new KeytrailService(std::move(parts)));
  service->operator_secret_ = secret->value_or("");
  return service;
}

KeytrailService::KeytrailService(std::unique_ptr<Parts> parts)
    : parts_(std::move(parts)) {}

KeytrailService::~KeytrailService() {
  Status closed = Close();
  (void)closed;  // nothing left to tell: the store logs its own failures
}

Status KeytrailService::AddRoutes(Router& router, Metrics& metrics) {
  RouteServices& services = parts_->routes;
  services.api = &parts_->context;
  services.audit = &parts_->audit;
  services.metrics = &metrics;
  services.ready = [this]() -> Status {
    if (std::optional<std::string> problem = StoreProblem()) {
      return Error::Make(ErrorCode::kUnavailable,
                         "the event store is damaged: " + *problem +
                             "; restore the data directory from a backup");
    }
    if (Status reachable = StoreReachable(); !reachable.ok()) {
      return Error::Make(
          ErrorCode::kUnavailable,
          "the event store is unreachable: " + reachable.error().message);
    }
    if (Ready()) return OkStatus();
    return Error::Make(ErrorCode::kUnavailable,
                       "the projections are catching up with the log");
  };
  return AddRouteTable(router, metrics, services);
}

bool KeytrailService::Ready() const {
  return parts_->engine->CaughtUp() && !StoreProblem();
}

std::optional<std::string> KeytrailService::StoreProblem() const {
  return parts_->check ? parts_->check->problem() : std::nullopt;
}

Status KeytrailService::StoreReachable() const {
  // One indexed read: a round trip to PostgreSQL, a local Get on RocksDB.
  Result<std::optional<uint64_t>> head = parts_->store->StreamHead("_readyz");
  if (!head.ok()) return head.error();
  return OkStatus();
}

eventstore::EventStore& KeytrailService::store() { return *parts_->store; }

void KeytrailService::AddMetrics(Metrics& metrics) {
  Parts* parts = parts_.get();
  metrics.AddCollector([parts](MetricsWriter& out) {
    std::lock_guard<std::mutex> lock(parts->closing_mu);
    if (parts->closed) return;
    eventstore::StoreStats store = parts->store->Stats();
    out.Counter("keytrail_events_appended_total",
                "Events appended to the log since the process started.",
                static_cast<double>(store.events_appended));
    out.Histogram("keytrail_append_batch_events",
                  "Events per group commit (one WriteBatch).",
                  store.batch_events);
    out.Histogram("keytrail_append_write_seconds",
                  "Time to write one group commit, WAL fsync included "
                  "under --durability=sync.",
                  store.write_seconds);
    out.Gauge("keytrail_rocksdb_sst_bytes",
              "Size of the store's SST files, all column families.",
              static_cast<double>(store.sst_bytes));
    out.Gauge("keytrail_rocksdb_memtable_bytes",
              "Size of the store's memtables, all column families.",
              static_cast<double>(store.memtable_bytes));
    out.Gauge("keytrail_rocksdb_pending_compaction_bytes",
              "RocksDB's estimate of the bytes compaction still has to "
              "rewrite.",
              static_cast<double>(store.pending_compaction_bytes));
    const uint64_t head = parts->store->HeadSeq();
    const uint64_t applied = parts->engine->applied_seq();
    out.Gauge("keytrail_log_head_seq", "Published head of the event log.",
              static_cast<double>(head));
    out.Gauge("keytrail_projection_lag_events",
              "Log head seq minus the seq the projections applied.",
              static_cast<double>(head > applied ? head - applied : 0));
    app::UsageStats usage = parts->usage->stats();
    out.Counter("keytrail_usage_events_appended_total",
                "Usage events written to the log.",
                static_cast<double>(usage.events_appended));
    out.Counter("keytrail_usage_dropped_total",
                "Verifications whose usage was not recorded in the log.",
                static_cast<double>(usage.dropped));
    out.Counter("keytrail_usage_failed_appends_total",
                "Usage appends that failed (their counts were requeued).",
                static_cast<double>(usage.failed_appends));
    out.Gauge("keytrail_usage_flush_window_seconds",
              "Span of time the last usage flush aggregated (grows when the "
              "machine is saturated).",
              usage.last_window_seconds);
    app::CreditStats credits = parts->credits->stats();
    out.Counter("keytrail_credit_leases_total",
                "Credit leases (CreditsLeased) this node appended.",
                static_cast<double>(credits.leases));
    out.Counter("keytrail_credit_returns_total",
                "Unused credits given back (CreditsReturned) by this node.",
                static_cast<double>(credits.returns));
    out.Counter("keytrail_credit_lease_failures_total",
                "Credit leases whose append failed (the call was refused).",
                static_cast<double>(credits.lease_failures));
    out.Gauge("keytrail_console_sessions",
              "Live admin console sessions this node knows of.",
              static_cast<double>(parts->console->size()));
    out.Gauge("keytrail_cluster_leader",
              "1 while this node is the cluster's leader (writes the "
              "projections' checkpoint, delivers webhooks); always 1 on "
              "RocksDB.",
              parts->store->IsLeader() ? 1.0 : 0.0);
    WriteVerifyResults(out, usage.verify_results);
    const Micros now = parts->clock.Now();
    WriteProjectionLagSeconds(out, *parts->store, *parts->engine, now);
    WriteTokenCounts(out, *parts->engine, now);
  });
}

Status KeytrailService::Close() {
  if (parts_ == nullptr) return OkStatus();
  {
    std::lock_guard<std::mutex> lock(parts_->closing_mu);
    if (parts_->closed) return OkStatus();
    parts_->closed = true;
  }
  if (parts_->check) parts_->check->Stop();
  if (parts_->webhooks) parts_->webhooks->Stop();
  parts_->credits->Stop();  // unused credits back to the pool
  parts_->usage->Stop();    // the last usage flush, while the engine runs
  parts_->feed->Stop();
  parts_->publisher->Stop();  // a last head, covering that flush too
  Status stopped = parts_->engine->Stop();
  parts_->usage.reset();
  parts_->past.reset();
  parts_->engine.reset();
  parts_->store.reset();
  return stopped;
}

}  // namespace keytrail::http
