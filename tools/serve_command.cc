// keytrail serve: opens the data directory, serves HTTP and stops
// gracefully on SIGINT or SIGTERM.
//
// Configuration, highest precedence first: flags, then the environment
// (KEYTRAIL_LISTEN, KEYTRAIL_DATA), then the defaults (127.0.0.1:8080,
// ./data).
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <chrono>
#include <csignal>
#include <memory>
#include <string>
#include <vector>

#include "base/log.h"
#include "eventstore/postgres/pg_connection.h"
#include "routes/keytrail_server.h"
#include "tools/audit_cli.h"
#include "tools/commands.h"
#include "tools/data_dir.h"
#include "tools/first_start_token.h"

namespace keytrail::tools {

namespace {

struct ServeFlags {
  std::string store;
  std::string listen = "127.0.0.1:8080";
  DataDir data;
  int threads = 0;
  std::string log_level = "info";
  std::string durability = "sync";
  std::vector<std::string> trusted_proxies;
  std::string auth_metadata_header;
  std::string operator_token_file;
  int console_idle_minutes = 30;
  int console_session_hours = 12;
  std::string node_id;  // --node-id; empty: DefaultNodeId()
  bool webhooks_allow_http_loopback = false;
  std::string webhooks_ca_file;
};

// The name a node gives its usage events when --node-id is not set: on a
// cluster's store, <host name>:<listen port> (unique even for several nodes
// on one machine); on a single node's RocksDB store, none.
std::string DefaultNodeId(const ServeFlags& flags) {
  if (!eventstore::IsPostgresLocation(flags.store)) return "";
  char host[256] = {};
  if (gethostname(host, sizeof(host) - 1) != 0) host[0] = '\0';
  const size_t colon = flags.listen.rfind(':');
  return std::string(host) + ":" +
         (colon == std::string::npos ? flags.listen
                                     : flags.listen.substr(colon + 1));
}

// Logs `error` and makes the process exit with 1 (3 when another process
// holds the store, with the message every command gives then).
[[noreturn]] void Die(std::string_view what, const Error& error,
                      const DataDir* data = nullptr) {
  const bool locked = data && error.code == ErrorCode::kUnavailable;
  Log(spdlog::level::critical, what,
      {{"code", ErrorCodeName(error.code)},
       {"detail", locked ? data->Locked().message : error.message}});
  throw CLI::RuntimeError(locked ? kExitServerRunning : 1);
}

// Blocks until SIGINT or SIGTERM arrives; returns its number. When it
// returns, the signals have their default action again, so a second one
// during a slow graceful stop ends the process at once.
int WaitForStopSignal() {
  boost::asio::io_context signals_context;
  boost::asio::signal_set signals(signals_context, SIGINT, SIGTERM);
  int received = 0;
  signals.async_wait(
      [&received](const boost::system::error_code& ec, int signal) {
        if (!ec) received = signal;
      });
  signals_context.run();
  return received;
}

void RunServe(const ServeFlags& flags) {
  if (Status logging = ConfigureLogging(flags.log_level); !logging.ok()) {
    Die("bad --log-level", logging.error());
  }
  http::KeytrailOptions options;
  options.server.listen = flags.listen;
  options.server.io_threads = flags.threads;
  options.data_dir = flags.data.root();
  options.service.vault_key_file = flags.data.vault_key_file();
  options.service.audit_key_file = flags.data.audit_key_file();
  options.service.durability = flags.durability == "async"
                                   ? eventstore::Durability::kAsync
                                   : eventstore::Durability::kSync;
  options.service.trusted_proxies = flags.trusted_proxies;
  options.service.auth_metadata_header = flags.auth_metadata_header;
  options.service.store = flags.store;
  options.service.node =
      flags.node_id.empty() ? DefaultNodeId(flags) : flags.node_id;
  options.service.console.idle_timeout =
      std::chrono::minutes(flags.console_idle_minutes);
  options.service.console.absolute_timeout =
      std::chrono::hours(flags.console_session_hours);
  options.service.webhooks_allow_http_loopback =
      flags.webhooks_allow_http_loopback;
  options.service.webhooks_ca_file = flags.webhooks_ca_file;
  // Open() binds the address first: a start that cannot listen fails here
  // before it creates the operator.
  auto server = http::KeytrailServer::Open(std::move(options));
  if (!server.ok()) Die("cannot open keytrail", server.error(), &flags.data);
  if (const std::string& secret = (*server)->operator_secret();
      !secret.empty()) {
    // Created by this first start of an empty data directory: handed over
    // once, before anything else can fail, and never logged.
    HandOverOperatorToken(secret, {.data_dir = flags.data.root(),
                                   .token_file = flags.operator_token_file});
  }
  if (Status started = (*server)->Start(); !started.ok()) {
    Die("cannot start the HTTP server", started.error());
  }
  Log(spdlog::level::info, "keytrail serving",
      {{"address", (*server)->http_server().local_address()},
       {"data_dir", (*server)->data_dir().string()},
       {"version", KEYTRAIL_VERSION}});
  int signal = WaitForStopSignal();
  Log(spdlog::level::info, "stopping", {{"signal", signal}});
  (*server)->Stop();
  server.value().reset();  // closes what Open() opened
  Log(spdlog::level::info, "stopped", {});
}

}  // namespace

void AddServeCommand(CLI::App& app) {
  auto flags = std::make_shared<ServeFlags>();
  CLI::App* serve = app.add_subcommand("serve", "Serve the HTTP API");
  serve->add_option("--listen", flags->listen, "Address to listen on")
      ->envname("KEYTRAIL_LISTEN")
      ->capture_default_str();
  flags->data.AddOption(*serve, "Data directory; created when missing");
  flags->data.AddKeyOptions(*serve, true, true);
  serve
      ->add_option("--threads", flags->threads,
                   "I/O threads (0: one per CPU this process may run on)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  serve->add_option("--log-level", flags->log_level, "Log level")
      ->check(CLI::IsMember(
          {"trace", "debug", "info", "warn", "error", "critical", "off"}))
      ->capture_default_str();
  serve
      ->add_option("--store", flags->store,
                   "Event store shared by a cluster: postgresql://user@host:"
                   "port/db (default: the RocksDB store in --data; the keys "
                   "stay in --data)")
      ->envname("KEYTRAIL_STORE");
  serve
      ->add_option("--node-id", flags->node_id,
                   "This node's name in its usage events, so that timelines "
                   "show which node saw a use (default with --store "
                   "postgresql://: <host name>:<listen port>; else none)")
      ->envname("KEYTRAIL_NODE_ID");
  serve
      ->add_option("--durability", flags->durability,
                   "sync: a command is acknowledged once fsynced (default); "
                   "async: faster, a machine crash may lose the last "
                   "acknowledged commands")
      ->check(CLI::IsMember({"sync", "async"}))
      ->capture_default_str();
  serve->add_option("--trusted-proxy", flags->trusted_proxies,
                    "Peer address whose X-Forwarded-For is believed "
                    "(repeatable)");
  serve
      ->add_option("--console-idle-minutes", flags->console_idle_minutes,
                   "A console session ends after this long without use")
      ->check(CLI::Range(1, 24 * 60))
      ->capture_default_str();
  serve
      ->add_option("--console-session-hours", flags->console_session_hours,
                   "A console session ends this long after sign-in")
      ->check(CLI::Range(1, 24 * 7))
      ->capture_default_str();
  serve
      ->add_option("--auth-metadata-header", flags->auth_metadata_header,
                   "Response header of GET /v1/auth carrying a valid token's "
                   "metadata, base64url of its canonical JSON (e.g. "
                   "X-Keytrail-Meta). Default: none")
      ->check(CLI::Validator(
          [](std::string& name) -> std::string {
            const bool token_chars =
                !name.empty() &&
                name.find_first_not_of(
                    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                    "0123456789!#$%&'*+-.^_`|~") == std::string::npos;
            return token_chars ? "" : "not an HTTP header name";
          },
          "HEADER"));
  serve->add_option("--operator-token-file", flags->operator_token_file,
                    "Where the first start of an empty data directory writes "
                    "the operator token (0600). Default: a banner on a "
                    "terminal, else <data>/operator-token");
  serve->add_flag("--webhooks-allow-http-loopback",
                  flags->webhooks_allow_http_loopback,
                  "Let webhooks POST to http:// on 127.0.0.1, [::1] or "
                  "localhost (for tests; default: https:// only)");
  serve
      ->add_option("--webhooks-ca-file", flags->webhooks_ca_file,
                   "PEM certificates that webhook endpoints' certificates "
                   "may also chain to (a private CA), besides the system's "
                   "trust store")
      ->check(CLI::ExistingFile);
  serve->callback([flags] { RunServe(*flags); });
}

}  // namespace keytrail::tools
