#include "http/keytrail_server.h"

#include <system_error>

#include "http/health_routes.h"

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
  std::unique_ptr<KeytrailServer> server(
      new KeytrailServer(std::move(options)));
  if (Status routes = server->RegisterRoutes(); !routes.ok()) {
    return Error::Make(ErrorCode::kInternal,
                       "cannot register routes: " + routes.error().message);
  }
  return server;
}

KeytrailServer::KeytrailServer(KeytrailOptions options)
    : options_(std::move(options)), server_(options_.server) {}

KeytrailServer::~KeytrailServer() { Stop(); }

Status KeytrailServer::RegisterRoutes() {
  return AddHealthRoutes(server_.router());
}

}  // namespace keytrail::http
