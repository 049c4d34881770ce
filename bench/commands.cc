// bench_commands: durable create-token commands per second over real HTTP
// (issue 6), against baselines measured in the same run:
//   healthz   the same clients doing GET /healthz: the HTTP round trip
//             ceiling of this machine, without any command;
//   1 client  create-token one at a time: every command pays its own fsync.
// The server is in-process on 127.0.0.1 with a fresh temporary data
// directory and sync durability (the default). Prints a table; asserts
// nothing about time.
//
//   bench_commands [--clients 32] [--seconds 5] [--log-level warn]
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "routes/keytrail_server.h"
#include "base/log.h"
#include "tests/support/http_client.h"

namespace {

using keytrail::test::ClientResponse;
using keytrail::test::HttpClient;
using Clock = std::chrono::steady_clock;

struct Run {
  double per_second = 0;
  long failures = 0;
};

// Runs `clients` threads doing `request` in a loop for `seconds`.
template <typename RequestFn>
Run Measure(uint16_t port, int clients, double seconds, RequestFn request) {
  std::atomic<long> done{0}, failed{0};
  const Clock::time_point end =
      Clock::now() + std::chrono::duration_cast<Clock::duration>(
                         std::chrono::duration<double>(seconds));
  std::vector<std::thread> threads;
  const Clock::time_point start = Clock::now();
  for (int i = 0; i < clients; ++i) {
    threads.emplace_back([&, i] {
      HttpClient client(port);
      for (long n = 0; Clock::now() < end; ++n) {
        if (request(client, i, n)) {
          done.fetch_add(1, std::memory_order_relaxed);
        } else {
          failed.fetch_add(1, std::memory_order_relaxed);
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  return {static_cast<double>(done.load()) / elapsed, failed.load()};
}

std::string Field(const ClientResponse& response, const char* name) {
  return std::string(response.Json().at(name).as_string());
}

}  // namespace

int main(int argc, char** argv) {
  int clients = 32;
  double seconds = 5;
  // warn, as tools/bench-verify serves: the figures are the server's, not
  // those of a terminal printing a log line per request.
  std::string log_level = "warn";
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--clients") == 0)
      clients = std::atoi(argv[i + 1]);
    if (std::strcmp(argv[i], "--seconds") == 0)
      seconds = std::atof(argv[i + 1]);
    if (std::strcmp(argv[i], "--log-level") == 0) log_level = argv[i + 1];
  }
  if (!keytrail::http::ConfigureLogging(log_level).ok()) {
    std::fprintf(stderr, "bad --log-level %s\n", log_level.c_str());
    return 2;
  }
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() /
      ("keytrail-bench-commands-" + std::to_string(::getpid()));
  keytrail::http::KeytrailOptions options;
  options.server.listen = "127.0.0.1:0";
  options.server.worker_threads = 64;
  options.data_dir = dir;
  auto server = keytrail::http::KeytrailServer::Open(options);
  if (!server.ok() || !(*server)->Start().ok()) {
    std::fprintf(stderr, "cannot start keytrail\n");
    return 1;
  }
  const uint16_t port = (*server)->port();
  const keytrail::test::HeaderList auth = {
      {"Authorization", "Bearer " + (*server)->operator_secret()}};
  HttpClient setup(port);
  setup.Post("/v1/accounts", R"({"id":"bench","name":"Bench"})", auth);
  std::string group = Field(
      setup.Post("/v1/accounts/bench/groups",
                 R"({"name":"ERP","type":"api","permissions":["orders:read"]})",
                 auth),
      "id");
  auto create = [&](HttpClient& client, int thread, long n) {
    ClientResponse response = client.Post(
        "/v1/accounts/bench/tokens",
        R"({"name":"t)" + std::to_string(thread) + "-" + std::to_string(n) +
            R"(","groups":[")" + group + R"("]})",
        auth);
    return response.status == 201;
  };
  auto healthz = [](HttpClient& client, int, long) {
    return client.Get("/healthz").status == 200;
  };

  Run ceiling = Measure(port, clients, seconds, healthz);
  Run single = Measure(port, 1, seconds, create);
  Run many = Measure(port, clients, seconds, create);

  std::printf("%-40s %14s %10s %9s\n", "case", "per second", "vs 1 client",
              "failures");
  std::printf("%-40s %14.0f %10s %9ld\n",
              ("GET /healthz, " + std::to_string(clients) + " clients").c_str(),
              ceiling.per_second, "-", ceiling.failures);
  std::printf("%-40s %14.0f %9.1fx %9ld\n", "create token, 1 client (durable)",
              single.per_second, 1.0, single.failures);
  std::printf(
      "%-40s %14.0f %9.1fx %9ld\n",
      ("create token, " + std::to_string(clients) + " clients (durable)")
          .c_str(),
      many.per_second, many.per_second / single.per_second, many.failures);
  std::printf("create-token share of the HTTP ceiling: %.0f%%\n",
              100.0 * many.per_second / ceiling.per_second);
  (*server)->Stop();
  server->reset();
  std::filesystem::remove_all(dir);
  return 0;
}
