#include "http/keytrail_service.h"

#include <system_error>

#include "domain/os_random.h"
#include "http/api/api_context.h"
#include "http/api/routes.h"
#include "http/app/clock.h"
#include "http/app/command_runner.h"
#include "http/app/operator_token.h"
#include "http/app/vault.h"
#include "http/json_body.h"
#include "http/openapi/openapi.h"
#include "http/problem.h"
#include "http/verify/usage_recorder.h"
#include "http/verify/verify_routes.h"
#include "projections/as_of.h"
#include "projections/projection_engine.h"

namespace keytrail::http {

// Declared in the order they are opened; destroyed in reverse.
struct KeytrailService::Parts {
  std::unique_ptr<eventstore::EventStore> store;
  std::unique_ptr<projections::ProjectionEngine> engine;
  std::unique_ptr<projections::PointInTimeViews> past;
  app::SystemClock clock;
  OsRandom random;
  std::unique_ptr<app::CommandRunner> runner;
  std::unique_ptr<app::SecretVault> vault;
  // Verification index, usage recording and the usage projection; stopped
  // (final usage flush) before the engine.
  std::unique_ptr<UsageRecorder> usage;
  ApiContext context;
  bool closed = false;
};

namespace {

constexpr char kVaultTable[] = "vault";
constexpr char kStoreDir[] = "store";

// GET /readyz: 200 once the projections caught up with the log, else 503.
Route ReadyRoute(const KeytrailService& service) {
  return Route{
      "GET", "/readyz", "readyz",
      [&service](const Request&) {
        if (service.Ready()) {
          return JsonResponse(200, boost::json::object{{"status", "ready"}});
        }
        return ProblemResponse(
            Error::Make(ErrorCode::kUnavailable,
                        "the projections are catching up with the log"));
      },
      false};
}

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
      eventstore::EventStore::Open(store_options,
                                   (options.data_dir / kStoreDir).string());
  if (!store.ok()) return store.error();
  parts->store = std::move(store).value();

  Result<app::MasterKey> key = app::LoadMasterKey(options.data_dir.string());
  if (!key.ok()) return key.error();
  parts->vault = std::make_unique<app::SecretVault>(
      *parts->store->Table(kVaultTable), *key);

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

  parts->usage = std::make_unique<UsageRecorder>(*parts->store, *parts->engine,
                                                 parts->clock);
  if (Status started = parts->usage->Start(); !started.ok()) {
    return started.error();
  }
  context.usage = parts->usage.get();

  Result<std::optional<std::string>> secret =
      app::BootstrapOperatorIfNeeded(*parts->runner, parts->random);
  if (!secret.ok()) return secret.error();
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

Status KeytrailService::AddRoutes(Router& router) {
  if (Status added = router.Add(ReadyRoute(*this)); !added.ok()) {
    return added;
  }
  if (Status added = AddOpenApiRoute(router); !added.ok()) return added;
  if (Status added = AddManagementRoutes(router, parts_->context);
      !added.ok()) {
    return added;
  }
  if (Status added = AddVerificationRoutes(router, parts_->context);
      !added.ok()) {
    return added;
  }
  return AddTimelineRoutes(router, parts_->context);
}

bool KeytrailService::Ready() const { return parts_->engine->CaughtUp(); }

eventstore::EventStore& KeytrailService::store() { return *parts_->store; }

Status KeytrailService::Close() {
  if (parts_ == nullptr || parts_->closed) return OkStatus();
  parts_->closed = true;
  parts_->usage->Stop();  // the last usage flush, while the engine runs
  Status stopped = parts_->engine->Stop();
  parts_->usage.reset();
  parts_->past.reset();
  parts_->engine.reset();
  parts_->store.reset();
  return stopped;
}

}  // namespace keytrail::http
