// bench_soak (run it through tools/soak): crash and load soak of the real
// keytrail binary on 127.0.0.1.
//
//   bench_soak --keytrail build-ops/tools/keytrail [--seconds 120]
//              [--kills 20] [--clients 64] [--slowloris 500]
//
// Phase 1 (crash): `clients` threads create / patch / regenerate / revoke /
// verify tokens of one account while a killer SIGKILLs the server at random
// moments (`kills` times) and restarts it on the same data directory. Every
// command answered 2xx is remembered; a verification answering VALID for a
// secret whose revoke (or regenerate) was acknowledged before the request
// was sent is a violation.
// Phase 2 (check): after a last restart, every acknowledged command must
// show in the views: the token exists, its name is the last acknowledged
// one (or one of the unacknowledged attempts after it), an acknowledged
// revoke is revoked and its secrets answer REVOKED, the newest acknowledged
// secret of a live token answers VALID.
// After the last SIGKILL (before the restart) and again after the final
// stop, `keytrail verify-store` must pass: seq gapless from 1, every leaf
// hash recomputed from its event, the Merkle tree and the signed heads.
// Phase 3 (slowloris): `slowloris` connections send one header byte a
// second while 4 clients verify; prints p50/p99 of those verifications.
// Phase 4 (abuse): oversized body, oversized headers and garbage are
// answered (413, 431, 400) and the server keeps serving.
// Prints a summary table; exits 1 on any loss or violation.
#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <random>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/http_client.h"

namespace {

using keytrail::test::ClientResponse;
using keytrail::test::HeaderList;
using keytrail::test::HttpClient;
using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

struct Flags {
  std::string keytrail;
  int seconds = 120;
  int kills = 20;
  int clients = 64;
  int slowloris = 500;
  uint16_t port = 0;
};

// The server process: started, SIGKILLed, restarted on the same port.
class ServerProcess {
 public:
  ServerProcess(std::string binary, fs::path data, uint16_t port)
      : binary_(std::move(binary)), data_(std::move(data)), port_(port) {}

  // Starts and waits until /readyz answers 200. Returns false on timeout.
  bool Start() {
    // Everything the child needs is made before fork(): the client threads
    // may hold the allocator's lock at that moment.
    std::string log = (data_.parent_path() / "server.log").string();
    std::string listen = "127.0.0.1:" + std::to_string(port_);
    pid_ = fork();
    if (pid_ == 0) {
      int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
      dup2(fd, STDERR_FILENO);
      dup2(fd, STDOUT_FILENO);
      execl(binary_.c_str(), binary_.c_str(), "serve", "--listen",
            listen.c_str(), "--data", data_.c_str(), "--log-level", "warn",
            static_cast<char*>(nullptr));
      _exit(127);
    }
    HttpClient probe(port_);
    probe.set_timeout(std::chrono::milliseconds(500));
    for (int i = 0; i < 600; ++i) {
      if (probe.Get("/readyz").status == 200) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }
  void Kill() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }
  void Stop() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }
  // The operator token of the first start: its stderr is a file, so the
  // server wrote the token to <data>/operator-token (older builds printed
  // it in the log).
  std::string OperatorToken() const {
    std::ifstream file(data_ / "operator-token");
    if (std::string token; std::getline(file, token) && !token.empty()) {
      return token;
    }
    std::ifstream in(data_.parent_path() / "server.log");
    std::stringstream text;
    text << in.rdbuf();
    std::smatch match;
    std::string s = text.str();
    if (std::regex_search(s, match, std::regex("kt_[0-9A-Za-z]{38}"))) {
      return match.str();
    }
    return "";
  }

 private:
  std::string binary_;
  fs::path data_;
  uint16_t port_;
  pid_t pid_ = -1;
};

// Runs `keytrail verify-store` on `data` (server stopped). Returns its
// last output line ("OK: N events ..." or the failure) and sets `ok`.
std::string VerifyStoreOf(const std::string& binary, const fs::path& data,
                          bool* ok) {
  std::string command =
      "'" + binary + "' verify-store --data '" + data.string() + "' 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) {
    *ok = false;
    return "cannot run verify-store";
  }
  std::string output;
  std::array<char, 4096> chunk{};
  while (std::fgets(chunk.data(), chunk.size(), pipe) != nullptr) {
    output += chunk.data();
  }
  int status = ::pclose(pipe);
  *ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
  while (!output.empty() && output.back() == '\n') output.pop_back();
  std::size_t last_line = output.rfind('\n');
  return last_line == std::string::npos ? output : output.substr(last_line + 1);
}

uint16_t FreePort() {
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor acceptor(
      io, {boost::asio::ip::make_address("127.0.0.1"), 0});
  return acceptor.local_endpoint().port();
}

// What one client knows of one token.
struct TokenRecord {
  std::string id;
  std::vector<std::string> secrets;  // acknowledged, oldest first
  std::string acked_name;
  std::vector<std::string> unacked_names;  // attempts after acked_name
  bool revoke_acked = false;
  bool unacked_change = false;  // a regenerate/revoke without an answer
  // Secrets that must never answer VALID again, and since when.
  std::vector<std::string> dead_secrets;
};

struct Totals {
  std::mutex mu;
  std::map<std::string, std::array<long, 3>> ops;  // op → {2xx, other, net}
  long violations = 0;
  std::vector<std::string> violation_texts;
  void Count(const std::string& op, int status) {
    std::lock_guard<std::mutex> lock(mu);
    auto& row = ops[op];
    ++row[status == 0 ? 2 : (status / 100 == 2 ? 0 : 1)];
  }
  void Violation(const std::string& text) {
    std::lock_guard<std::mutex> lock(mu);
    ++violations;
    if (violation_texts.size() < 20) violation_texts.push_back(text);
  }
};

std::string VerifyCode(HttpClient& client, const std::string& secret,
                       int* status) {
  ClientResponse r = client.Post(
      "/v1/verify",
      boost::json::serialize(boost::json::object{{"token", secret}}));
  *status = r.status;
  if (r.status != 200) return "";
  boost::json::value body = r.Json();
  if (!body.is_object() || !body.as_object().contains("code")) return "";
  return std::string(body.at("code").as_string());
}

class SoakClient {
 public:
  SoakClient(int index, uint16_t port, std::string op_token, std::string group,
             Totals* totals)
      : index_(index),
        client_(port),
        auth_{{"Authorization", "Bearer " + op_token}},
        group_(std::move(group)),
        totals_(totals),
        random_(static_cast<unsigned>(index * 7919 + 1)) {
    client_.set_timeout(std::chrono::milliseconds(5000));
  }

  void Run(const std::atomic<bool>& stop) {
    while (!stop.load()) {
      int dice = std::uniform_int_distribution<int>(0, 99)(random_);
      bool ok;
      if (tokens_.empty() || dice < 15) {
        ok = Create();
      } else if (dice < 35) {
        ok = Patch(Pick());
      } else if (dice < 45) {
        ok = Regenerate(Pick());
      } else if (dice < 55) {
        ok = Revoke(Pick());
      } else {
        ok = Verify(Pick());
      }
      if (!ok) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }

  std::vector<TokenRecord>& tokens() { return tokens_; }

 private:
  TokenRecord& Pick() {
    return tokens_[std::uniform_int_distribution<size_t>(
        0, tokens_.size() - 1)(random_)];
  }
  std::string Path(const std::string& suffix) {
    return "/v1/accounts/soak/tokens" + suffix;
  }

  bool Create() {
    std::string name =
        "c" + std::to_string(index_) + "-" + std::to_string(serial_++);
    ClientResponse r = client_.Post(
        Path(""), R"({"name":")" + name + R"(","groups":[")" + group_ + "\"]}",
        auth_);
    totals_->Count("create", r.status);
    if (r.status != 201) return r.status != 0;
    boost::json::value body = r.Json();
    TokenRecord token;
    token.id = std::string(body.at("id").as_string());
    token.secrets.push_back(std::string(body.at("secret").as_string()));
    token.acked_name = name;
    tokens_.push_back(std::move(token));
    return true;
  }

  bool Patch(TokenRecord& token) {
    if (token.revoke_acked) return Verify(token);
    std::string name = token.id.substr(0, 8) + "-" + std::to_string(serial_++);
    ClientResponse r = client_.Patch(Path("/" + token.id),
                                     R"({"name":")" + name + "\"}", auth_);
    totals_->Count("patch", r.status);
    if (r.status / 100 == 2) {
      token.acked_name = name;
      token.unacked_names.clear();
    } else if (r.status == 0 || r.status >= 500) {
      token.unacked_names.push_back(name);
    }
    return r.status != 0;
  }

  bool Regenerate(TokenRecord& token) {
    if (token.revoke_acked) return Verify(token);
    ClientResponse r = client_.Post(Path("/" + token.id + ":regenerate"),
                                    R"({"grace_seconds":0})", auth_);
    totals_->Count("regenerate", r.status);
    if (r.status / 100 == 2) {
      token.dead_secrets.push_back(token.secrets.back());
      token.secrets.push_back(std::string(r.Json().at("secret").as_string()));
      token.unacked_change = false;
    } else if (r.status == 0 || r.status >= 500) {
      token.unacked_change = true;
    }
    return r.status != 0;
  }

  bool Revoke(TokenRecord& token) {
    if (token.revoke_acked) return Verify(token);
    ClientResponse r = client_.Delete(Path("/" + token.id), auth_);
    totals_->Count("revoke", r.status);
    if (r.status / 100 == 2) {
      token.revoke_acked = true;
      for (const std::string& s : token.secrets)
        token.dead_secrets.push_back(s);
    } else if (r.status == 0 || r.status >= 500) {
      token.unacked_change = true;
    }
    return r.status != 0;
  }

  bool Verify(TokenRecord& token) {
    // Half the time a secret that must be dead, when there is one.
    bool dead = !token.dead_secrets.empty() &&
                std::uniform_int_distribution<int>(0, 1)(random_) == 0;
    const std::string& secret =
        dead ? token.dead_secrets[std::uniform_int_distribution<size_t>(
                   0, token.dead_secrets.size() - 1)(random_)]
             : token.secrets.back();
    int status = 0;
    std::string code = VerifyCode(client_, secret, &status);
    totals_->Count("verify", status);
    if (dead && code == "VALID") {
      totals_->Violation("VALID after acknowledged revoke/regenerate: token " +
                         token.id);
    }
    return status != 0;
  }

  int index_;
  HttpClient client_;
  HeaderList auth_;
  std::string group_;
  Totals* totals_;
  std::mt19937 random_;
  std::vector<TokenRecord> tokens_;
  long serial_ = 0;
};

// Phase 2: every acknowledged effect is in the views after a restart.
long CheckViews(uint16_t port, const std::string& op_token,
                std::vector<std::unique_ptr<SoakClient>>& clients,
                long* checked) {
  HttpClient client(port);
  HeaderList auth{{"Authorization", "Bearer " + op_token}};
  long lost = 0;
  auto report = [&](const std::string& text) {
    if (lost++ < 20) std::cerr << "LOST: " << text << "\n";
  };
  for (auto& soak : clients) {
    for (TokenRecord& token : soak->tokens()) {
      ++*checked;
      ClientResponse r =
          client.Get("/v1/accounts/soak/tokens/" + token.id, auth);
      if (r.status != 200) {
        report("token " + token.id + " answers " + std::to_string(r.status));
        continue;
      }
      boost::json::object body = r.Json().as_object();
      std::string name(body.at("name").as_string());
      std::string status(body.at("status").as_string());
      bool name_ok =
          name == token.acked_name ||
          std::find(token.unacked_names.begin(), token.unacked_names.end(),
                    name) != token.unacked_names.end();
      if (!name_ok) report("token " + token.id + " name " + name);
      if (token.revoke_acked && status != "revoked") {
        report("token " + token.id + " revoke acknowledged, status " + status);
      }
      int verify_status = 0;
      for (const std::string& dead : token.dead_secrets) {
        if (VerifyCode(client, dead, &verify_status) == "VALID") {
          report("token " + token.id + " dead secret VALID after restart");
        }
      }
      if (!token.revoke_acked && !token.unacked_change && status == "active" &&
          VerifyCode(client, token.secrets.back(), &verify_status) != "VALID") {
        report("token " + token.id + " newest acknowledged secret not VALID");
      }
    }
  }
  return lost;
}

// Phase 3: p50/p99 of verifications while `count` slowloris connections
// dribble one header byte a second.
std::pair<double, double> Slowloris(uint16_t port, int count,
                                    const std::string& secret, int seconds,
                                    long* failures) {
  namespace net = boost::asio;
  net::io_context io;
  std::vector<std::unique_ptr<net::ip::tcp::socket>> sockets;
  net::ip::tcp::endpoint endpoint(net::ip::make_address("127.0.0.1"), port);
  for (int i = 0; i < count; ++i) {
    auto socket = std::make_unique<net::ip::tcp::socket>(io);
    boost::system::error_code ec;
    socket->connect(endpoint, ec);
    if (!ec) sockets.push_back(std::move(socket));
  }
  std::atomic<bool> stop{false};
  std::thread dribbler([&] {
    const std::string request = "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ";
    size_t at = 0;
    while (!stop.load()) {
      for (auto& socket : sockets) {
        boost::system::error_code ec;
        net::write(*socket, net::buffer(&request[at % request.size()], 1), ec);
      }
      ++at;
      std::this_thread::sleep_for(std::chrono::seconds(1));
    }
  });
  std::mutex mu;
  std::vector<double> latencies;
  std::vector<std::thread> verifiers;
  std::atomic<long> failed{0};
  auto end = Clock::now() + std::chrono::seconds(seconds);
  for (int v = 0; v < 4; ++v) {
    verifiers.emplace_back([&] {
      HttpClient client(port);
      std::vector<double> mine;
      while (Clock::now() < end) {
        auto start = Clock::now();
        int status = 0;
        std::string code = VerifyCode(client, secret, &status);
        mine.push_back(
            std::chrono::duration<double, std::milli>(Clock::now() - start)
                .count());
        if (code != "VALID") ++failed;
      }
      std::lock_guard<std::mutex> lock(mu);
      latencies.insert(latencies.end(), mine.begin(), mine.end());
    });
  }
  for (auto& t : verifiers) t.join();
  stop = true;
  dribbler.join();
  std::cout << "slowloris: " << sockets.size() << " connections held, "
            << latencies.size() << " verifications\n";
  *failures = failed.load();
  if (latencies.empty()) return {0, 0};
  std::sort(latencies.begin(), latencies.end());
  return {
      latencies[latencies.size() / 2],
      latencies[std::min(latencies.size() - 1, latencies.size() * 99 / 100)]};
}

// Phase 4: abusive requests are answered and the server keeps serving.
long Abuse(uint16_t port, const std::string& secret) {
  long failures = 0;
  auto expect = [&](const char* what, int got, int want) {
    std::cout << "abuse: " << what << " → " << got << "\n";
    if (got != want) ++failures;
  };
  {
    HttpClient client(port);
    expect("70 KiB body",
           client.Post("/v1/verify", std::string(70 * 1024, 'x')).status, 413);
  }
  {
    HttpClient client(port);
    expect(
        "9 KiB header",
        client.Get("/healthz", {{"X-Big", std::string(9 * 1024, 'h')}}).status,
        431);
  }
  {
    HttpClient client(port);
    (void)client.SendRaw("GARBAGE \x01\x02 NOT HTTP\r\n\r\n");
    expect("garbage", client.ReadResponse().status, 400);
  }
  {
    HttpClient client(port);
    expect("bad JSON", client.Post("/v1/verify", "{\"token\":").status, 400);
  }
  HttpClient client(port);
  expect("healthz after", client.Get("/healthz").status, 200);
  int status = 0;
  if (VerifyCode(client, secret, &status) != "VALID") ++failures;
  return failures;
}

bool ParseFlags(int argc, char** argv, Flags* flags) {
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string name = argv[i];
    std::string value = argv[i + 1];
    if (name == "--keytrail")
      flags->keytrail = value;
    else if (name == "--seconds")
      flags->seconds = std::stoi(value);
    else if (name == "--kills")
      flags->kills = std::stoi(value);
    else if (name == "--clients")
      flags->clients = std::stoi(value);
    else if (name == "--slowloris")
      flags->slowloris = std::stoi(value);
    else
      return false;
  }
  return !flags->keytrail.empty();
}

}  // namespace

int main(int argc, char** argv) {
  Flags flags;
  if (!ParseFlags(argc, argv, &flags)) {
    std::cerr << "usage: bench_soak --keytrail PATH [--seconds N] [--kills N]"
                 " [--clients N] [--slowloris N]\n";
    return 2;
  }
  rlimit limit{};
  getrlimit(RLIMIT_NOFILE, &limit);
  limit.rlim_cur = limit.rlim_max;
  setrlimit(RLIMIT_NOFILE, &limit);
  signal(SIGPIPE, SIG_IGN);

  fs::path root =
      fs::temp_directory_path() / ("keytrail-soak-" + std::to_string(getpid()));
  fs::create_directories(root);
  flags.port = FreePort();
  ServerProcess server(flags.keytrail, root / "data", flags.port);
  if (!server.Start()) {
    std::cerr << "soak: the server did not start; see " << root / "server.log"
              << "\n";
    return 1;
  }
  std::string op = server.OperatorToken();
  HttpClient setup(flags.port);
  HeaderList auth{{"Authorization", "Bearer " + op}};
  setup.Post("/v1/accounts", R"({"id":"soak","name":"Soak"})", auth);
  ClientResponse group =
      setup.Post("/v1/accounts/soak/groups",
                 R"({"name":"all","type":"api","permissions":["*"]})", auth);
  if (group.status != 201) {
    std::cerr << "soak: setup failed: " << group.status << " " << group.body
              << "\n";
    server.Kill();
    return 1;
  }
  std::string group_id(group.Json().at("id").as_string());

  // Phase 1.
  Totals totals;
  std::vector<std::unique_ptr<SoakClient>> clients;
  for (int i = 0; i < flags.clients; ++i) {
    clients.push_back(
        std::make_unique<SoakClient>(i, flags.port, op, group_id, &totals));
  }
  std::atomic<bool> stop{false};
  std::vector<std::thread> threads;
  for (auto& c : clients) {
    threads.emplace_back([&c, &stop] { c->Run(stop); });
  }
  std::mt19937 random(42);
  const double interval = static_cast<double>(flags.seconds) / flags.kills;
  int kills = 0;
  double down_ms = 0;
  for (int k = 0; k < flags.kills; ++k) {
    std::this_thread::sleep_for(std::chrono::duration<double>(
        std::uniform_real_distribution<double>(0.3, 1.7)(random) * interval));
    server.Kill();
    ++kills;
    auto start = Clock::now();
    if (!server.Start()) {
      std::cerr << "soak: restart " << kills << " failed\n";
      stop = true;
      for (auto& t : threads) t.join();
      return 1;
    }
    down_ms +=
        std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  }
  stop = true;
  for (auto& t : threads) t.join();

  // Phase 2: a last crash, the store checked as the crash left it, then
  // everything acknowledged checked in the views.
  server.Kill();
  bool crashed_store_ok = false;
  std::string crashed_store =
      VerifyStoreOf(flags.keytrail, root / "data", &crashed_store_ok);
  if (!server.Start()) return 1;
  long checked = 0;
  long lost = CheckViews(flags.port, op, clients, &checked);

  // Phases 3 and 4 on a fresh token.
  ClientResponse fresh =
      setup.Post("/v1/accounts/soak/tokens",
                 R"({"name":"probe","groups":[")" + group_id + "\"]}", auth);
  std::string probe = fresh.status == 201
                          ? std::string(fresh.Json().at("secret").as_string())
                          : "";
  long slow_failures = 0;
  auto [p50, p99] =
      Slowloris(flags.port, flags.slowloris, probe, 20, &slow_failures);
  long abuse_failures = Abuse(flags.port, probe);
  server.Stop();
  bool final_store_ok = false;
  std::string final_store =
      VerifyStoreOf(flags.keytrail, root / "data", &final_store_ok);

  std::printf("\n%-12s %10s %10s %10s\n", "op", "2xx", "other", "no answer");
  for (const auto& [op_name, row] : totals.ops) {
    std::printf("%-12s %10ld %10ld %10ld\n", op_name.c_str(), row[0], row[1],
                row[2]);
  }
  std::printf("\n%-44s %10s\n", "check", "result");
  std::printf("%-44s %10d\n", "SIGKILLs (each followed by a restart)", kills);
  std::printf("%-44s %10.0f\n", "mean restart-to-ready ms",
              kills ? down_ms / kills : 0.0);
  std::printf("%-44s %10ld\n", "tokens checked after the last crash", checked);
  std::printf("%-44s %10ld\n", "acknowledged effects lost", lost);
  std::printf("%-44s %10ld\n", "VALID after acknowledged revoke",
              totals.violations);
  std::printf("%-44s %10.2f\n", "slowloris: verify p50 ms", p50);
  std::printf("%-44s %10.2f\n", "slowloris: verify p99 ms", p99);
  std::printf("%-44s %10ld\n", "slowloris: failed verifications",
              slow_failures);
  std::printf("%-44s %10ld\n", "abuse: unexpected answers", abuse_failures);
  std::printf("%-44s %10s  %s\n", "verify-store after the last SIGKILL",
              crashed_store_ok ? "OK" : "FAIL", crashed_store.c_str());
  std::printf("%-44s %10s  %s\n", "verify-store after the final stop",
              final_store_ok ? "OK" : "FAIL", final_store.c_str());
  for (const std::string& text : totals.violation_texts) {
    std::printf("VIOLATION: %s\n", text.c_str());
  }
  bool ok = lost == 0 && totals.violations == 0 && slow_failures == 0 &&
            abuse_failures == 0 && kills >= flags.kills && crashed_store_ok &&
            final_store_ok;
  std::printf("\nsoak: %s (data and server.log in %s)\n", ok ? "PASS" : "FAIL",
              root.c_str());
  if (ok) fs::remove_all(root);
  return ok ? 0 : 1;
}
