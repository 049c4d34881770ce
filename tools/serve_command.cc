// keytrail serve: opens the data directory, serves HTTP and stops
// gracefully on SIGINT or SIGTERM.
//
// Configuration, highest precedence first: flags, then the environment
// (KEYTRAIL_LISTEN, KEYTRAIL_DATA), then the defaults (127.0.0.1:8080,
// ./data).
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "routes/keytrail_server.h"
#include "base/log.h"
#include "tools/commands.h"

namespace keytrail::tools {

namespace {

struct ServeFlags {
  std::string listen = "127.0.0.1:8080";
  std::string data_dir = "./data";
  int threads = 0;
  std::string log_level = "info";
  std::string durability = "sync";
  std::vector<std::string> trusted_proxies;
  int console_idle_minutes = 30;
  int console_session_hours = 12;
};

// Logs `error` and makes the process exit with 1.
[[noreturn]] void Die(std::string_view what, const Error& error) {
  http::Log(spdlog::level::critical, what,
            {{"code", ErrorCodeName(error.code)}, {"detail", error.message}});
  throw CLI::RuntimeError(1);
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
  if (Status logging = http::ConfigureLogging(flags.log_level); !logging.ok()) {
    Die("bad --log-level", logging.error());
  }
  http::KeytrailOptions options;
  options.server.listen = flags.listen;
  options.server.io_threads = flags.threads;
  options.data_dir = flags.data_dir;
  options.service.durability = flags.durability == "async"
                                   ? eventstore::Durability::kAsync
                                   : eventstore::Durability::kSync;
  options.service.trusted_proxies = flags.trusted_proxies;
  options.service.console.idle_timeout =
      std::chrono::minutes(flags.console_idle_minutes);
  options.service.console.absolute_timeout =
      std::chrono::hours(flags.console_session_hours);
  auto server = http::KeytrailServer::Open(std::move(options));
  if (!server.ok()) Die("cannot open keytrail", server.error());
  if (Status started = (*server)->Start(); !started.ok()) {
    Die("cannot start the HTTP server", started.error());
  }
  if (const std::string& secret = (*server)->operator_secret();
      !secret.empty()) {
    // Shown once, on the first start of an empty data directory, and never
    // logged: the operator copies it from the terminal.
    std::fprintf(stderr,
                 "\nkeytrail: operator token (shown once, store it now):\n"
                 "  %s\n\n",
                 secret.c_str());
  }
  http::Log(spdlog::level::info, "keytrail serving",
            {{"address", (*server)->http_server().local_address()},
             {"data_dir", (*server)->data_dir().string()},
             {"version", KEYTRAIL_VERSION}});
  int signal = WaitForStopSignal();
  http::Log(spdlog::level::info, "stopping", {{"signal", signal}});
  (*server)->Stop();
  server.value().reset();  // closes what Open() opened
  http::Log(spdlog::level::info, "stopped", {});
}

}  // namespace

void AddServeCommand(CLI::App& app) {
  auto flags = std::make_shared<ServeFlags>();
  CLI::App* serve = app.add_subcommand("serve", "Serve the HTTP API");
  serve->add_option("--listen", flags->listen, "Address to listen on")
      ->envname("KEYTRAIL_LISTEN")
      ->capture_default_str();
  serve->add_option("--data", flags->data_dir, "Data directory")
      ->envname("KEYTRAIL_DATA")
      ->capture_default_str();
  serve
      ->add_option("--threads", flags->threads,
                   "I/O threads (0: one per hardware thread)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  serve->add_option("--log-level", flags->log_level, "Log level")
      ->check(CLI::IsMember(
          {"trace", "debug", "info", "warn", "error", "critical", "off"}))
      ->capture_default_str();
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
  serve->callback([flags] { RunServe(*flags); });
}

}  // namespace keytrail::tools
