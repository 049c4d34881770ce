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

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "base/result.h"
#include "eventstore/event_store.h"
#include "http/console/console_sessions.h"
#include "http/metrics.h"
#include "http/router.h"

namespace keytrail::http {

struct ServiceOptions {
  // Where the store, the master key and the audit keys live; created when
  // missing. Default: "./data".
  std::filesystem::path data_dir = "data";
  // Default: Durability::kSync (an acknowledged command survives a crash).
  eventstore::Durability durability = eventstore::Durability::kSync;
  // Peers whose X-Forwarded-For is believed. Default: none.
  std::vector<std::string> trusted_proxies;
  // The console's session timeouts (docs/console.md).
  ConsoleSessionOptions console;
};

class KeytrailService {
 public:
  static Result<std::unique_ptr<KeytrailService>> Open(
      const ServiceOptions& options);

  ~KeytrailService();
  KeytrailService(const KeytrailService&) = delete;
  KeytrailService& operator=(const KeytrailService&) = delete;

  // Adds the management, verification and timeline routes, /readyz,
  // /v1/openapi.json and POST /v1/admin/backup to `router`.
  [[nodiscard]] Status AddRoutes(Router& router);

  // The operator secret created by this Open() on an empty directory;
  // empty on every later start.
  const std::string& operator_secret() const { return operator_secret_; }

  // True once the projections have applied every event of the log.
  bool Ready() const;

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
