// KeytrailService: everything keytrail opens from its data directory — the
// event store, the projections (live and point-in-time), the secret vault,
// the command runner — and the routes that serve them. KeytrailServer owns
// one and registers its routes before the HTTP server starts.
//
// Open() opens the store (refusing a foreign or newer directory), starts
// the projections from their checkpoint, and on the first start of an
// empty directory creates the operator (docs/api.md §1): its secret is then
// available once from operator_secret() for the caller to print.
//
// Close() (and the destructor) stop the projections (writing a checkpoint)
// and close the store; call it after HTTP traffic has stopped.
//
// Thread safety: Open/Close from one controlling thread; the routes and
// Ready() from any thread.
#ifndef KEYTRAIL_ROUTES_KEYTRAIL_SERVICE_H_
#define KEYTRAIL_ROUTES_KEYTRAIL_SERVICE_H_

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/console_sessions.h"
#include "base/result.h"
#include "eventstore/event_store.h"
#include "http/metrics.h"
#include "http/router.h"

namespace keytrail::http {

struct ServiceOptions {
  // Where the store, the master key and the audit keys live; created when
  // missing. Default: "./data".
  // The event store: a postgresql:// (or postgres://) URL shared by every
  // node of a cluster, or empty for the RocksDB directory data_dir/store.
  // The keys stay in data_dir either way. Default: empty.
  std::string store;
  std::filesystem::path data_dir = "data";
  // The vault's master key file (app::LoadMasterKey) and the audit signing
  // key's private file (audit::AuditKey); created (0600) when missing.
  // Default (empty): app::kMasterKeyFile and audit::kPrivateKeyFile in
  // data_dir. Keep them outside data_dir so that no copy of the store
  // travels with its keys (docs/deploy.md).
  std::filesystem::path vault_key_file;
  std::filesystem::path audit_key_file;
  // Default: Durability::kSync (an acknowledged command survives a crash).
  eventstore::Durability durability = eventstore::Durability::kSync;
  // Peers whose X-Forwarded-For is believed. Default: none.
  std::vector<std::string> trusted_proxies;
  // The console's session timeouts (docs/console.md).
  app::ConsoleSessionOptions console;
  // This node's name in its usage events (app::UsageRecorderOptions::node).
  // Default: "".
  std::string node;
  // serve --webhooks-allow-http-loopback: webhooks may use http:// to
  // 127.0.0.1, [::1] or localhost (tests). Default: https:// only.
  bool webhooks_allow_http_loopback = false;
  // serve --webhooks-ca-file: PEM certificates webhook endpoints are also
  // trusted by (a private CA). Default: "" (the system's trust store only).
  std::string webhooks_ca_file;
  // How often the deliverer looks for tokens to warn of their expiry
  // (token.expiring). Default: 1 min.
  std::chrono::milliseconds webhooks_expiry_scan{60'000};
  // The header GET /v1/auth passes a token's metadata in (docs/api.md §4),
  // an RFC 9110 field name. Default: empty (no header).
  std::string auth_metadata_header;
};

class KeytrailService {
 public:
  static Result<std::unique_ptr<KeytrailService>> Open(
      const ServiceOptions& options);

  ~KeytrailService();
  KeytrailService(const KeytrailService&) = delete;
  KeytrailService& operator=(const KeytrailService&) = delete;

  // Adds every route of the route table (route_table.h) to `router`,
  // each registered with `metrics`, which renders GET /metrics and must
  // OK when the event store answers a read now (kUnavailable while its
  // PostgreSQL cannot be reached).
  Status StoreReachable() const;
  // outlive the router.
  [[nodiscard]] Status AddRoutes(Router& router, Metrics& metrics);

  // The operator secret created by this Open() on an empty directory;
  // empty on every later start.
  const std::string& operator_secret() const { return operator_secret_; }

  // True once the projections have applied every event of the log, unless
  // the store was found damaged.
  bool Ready() const;
  // Why the store cannot be trusted (a damaged block found by the check
  // every start runs in the background: store_check.h), or nullopt.
  std::optional<std::string> StoreProblem() const;

  // Adds collectors for the store (events appended, batch sizes, write
  // and fsync time, RocksDB sizes), the projection lag and the usage
  // recorder's counters to `metrics`. The service must outlive every
  // Render() of `metrics`; call before serving.
  void AddMetrics(Metrics& metrics);

  // Stops background work and closes the store. Idempotent.
  Status Close();

  eventstore::EventStore& store();

 private:
  struct Parts;
  explicit KeytrailService(std::unique_ptr<Parts> parts);

  std::unique_ptr<Parts> parts_;
  std::string operator_secret_;
};

}  // namespace keytrail::http

#endif  // KEYTRAIL_ROUTES_KEYTRAIL_SERVICE_H_
