#include "routes/keytrail_server.h"

#include <system_error>

#include "routes/health_routes.h"

namespace keytrail::http {

namespace {

// The hot path: these get keytrail_verify_duration_seconds.
bool IsVerificationRoute(const std::string& name) {
  return name == "verify" || name == "auth" || name == "tokens.lookup";
}

}  // namespace

Result<std::unique_ptr<KeytrailServer>> KeytrailServer::Open(
    KeytrailOptions options) {
  std::error_code ec;
  std::filesystem::create_directories(options.data_dir, ec);
  if (ec || !std::filesystem::is_directory(options.data_dir, ec)) {
    return Error::Make(ErrorCode::kIoError, "cannot create data directory " +
                                                options.data_dir.string() +
                                                ": " + ec.message());
  }
  ServiceOptions service_options = options.service;
  service_options.data_dir = options.data_dir;
  Result<std::unique_ptr<KeytrailService>> service =
      KeytrailService::Open(service_options);
  if (!service.ok()) return service.error();
  std::unique_ptr<KeytrailServer> server(
      new KeytrailServer(std::move(options)));
  server->service_ = std::move(service).value();
  if (Status routes = server->RegisterRoutes(); !routes.ok()) {
    return Error::Make(ErrorCode::kInternal,
                       "cannot register routes: " + routes.error().message);
  }
  return server;
}

KeytrailServer::KeytrailServer(KeytrailOptions options)
    : options_(std::move(options)), server_(options_.server) {}

KeytrailServer::~KeytrailServer() {
  Stop();
  service_.reset();  // after HTTP traffic ended
}

Status KeytrailServer::RegisterRoutes() {
  if (Status health = AddHealthRoutes(server_.router()); !health.ok()) {
    return health;
  }
  if (Status added = service_->AddRoutes(server_.router()); !added.ok()) {
    return added;
  }
  if (Status added = AddMetricsRoute(server_.router(), metrics_); !added.ok()) {
    return added;
  }
  for (const RouteInfo& route : server_.router().Routes()) {
    metrics_.AddRoute(route.name, IsVerificationRoute(route.name)
                                      ? Metrics::kVerify
                                      : Metrics::kManagement);
  }
  service_->AddMetrics(metrics_);
  Server& http = server_;
  metrics_.AddCollector([&http](MetricsWriter& out) {
    out.Gauge("keytrail_open_connections", "HTTP connections open now.",
              static_cast<double>(http.open_connections()));
  });
  server_.set_metrics(&metrics_);
  return OkStatus();
}

}  // namespace keytrail::http
