#include "routes/keytrail_server.h"

#include <system_error>

#include "http/process_metrics.h"

namespace keytrail::http {

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
  std::unique_ptr<KeytrailServer> server(
      new KeytrailServer(std::move(options)));
  // Bound before the service opens: a first start that cannot listen (the
  // port is taken, a bad address) fails before it creates the operator,
  // whose secret it could then never show.
  server->server_.set_metrics(&server->metrics_);
  if (Status bound = server->server_.Bind(); !bound.ok()) {
    return bound.error();
  }
  Result<std::unique_ptr<KeytrailService>> service =
      KeytrailService::Open(service_options);
  if (!service.ok()) return service.error();
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
  if (Status added = service_->AddRoutes(server_.router(), metrics_);
      !added.ok()) {
    return added;
  }
  service_->AddMetrics(metrics_);
  Server& http = server_;
  metrics_.AddCollector([&http](MetricsWriter& out) {
    out.Gauge("keytrail_open_connections", "HTTP connections open now.",
              static_cast<double>(http.open_connections()));
  });
  metrics_.AddCollector(WriteProcessMetrics);
  return OkStatus();
}

}  // namespace keytrail::http
