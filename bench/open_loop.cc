// bench_open_loop: an open-loop HTTP load generator for the fixed-rate mode
// of tools/bench-verify (issue 19: p99 at a fixed rate). Request k is due at
// start + k / RATE whatever the server does, and its latency is measured
// from that due time, so a server that falls behind is charged for the
// queue it causes (no coordinated omission, as wrk2 does). wrk's delay()
// is closed-loop instead: a slow answer delays the next request, and
// neither server then reaches the rate asked for.
//
//   bench_open_loop --port P --rate R --seconds S --connections C
//                   --secrets FILE [--path /v1/verify]
//
// Each request is "POST PATH" with `x-api-key: <secret>`, the secrets of
// FILE (one per line) in turn. A due request goes to an idle connection;
// when all C are busy it waits for the first that frees up. Prints one
// line: "<achieved/s> <p50 ms> <p99 ms> <non-200 answers> <max ms>".
// Single-threaded (epoll); run it on a core of its own (taskset).
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <fstream>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

[[noreturn]] void Die(const std::string& message) {
  std::fprintf(stderr, "bench_open_loop: %s\n", message.c_str());
  std::exit(2);
}

struct Options {
  int port = 0;
  double rate = 0;
  double seconds = 0;
  int connections = 0;
  std::string secrets;
  std::string path = "/v1/verify";
};

Options ParseOptions(int argc, char** argv) {
  Options options;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const char* value = argv[i + 1];
    if (flag == "--port") {
      options.port = std::atoi(value);
    } else if (flag == "--rate") {
      options.rate = std::atof(value);
    } else if (flag == "--seconds") {
      options.seconds = std::atof(value);
    } else if (flag == "--connections") {
      options.connections = std::atoi(value);
    } else if (flag == "--secrets") {
      options.secrets = value;
    } else if (flag == "--path") {
      options.path = value;
    } else {
      Die("unknown flag " + flag);
    }
  }
  if (options.port <= 0 || options.rate <= 0 || options.seconds <= 0 ||
      options.connections <= 0 || options.secrets.empty()) {
    Die("usage: bench_open_loop --port P --rate R --seconds S --connections "
        "C --secrets FILE [--path PATH]");
  }
  return options;
}

// One keep-alive connection with at most one request in flight.
struct Connection {
  int fd = -1;
  bool busy = false;
  Clock::time_point due;  // of the request in flight
  std::string in;         // the answer read so far
};

int Connect(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) Die("socket: " + std::string(std::strerror(errno)));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) !=
      0) {
    Die("connect: " + std::string(std::strerror(errno)));
  }
  const int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
  return fd;
}

// The length of the first whole answer in `in` (head + Content-Length
// body), or 0 while it is incomplete; `status` gets its status code.
size_t AnswerLength(const std::string& in, int& status) {
  const size_t head_end = in.find("\r\n\r\n");
  if (head_end == std::string::npos) return 0;
  status = in.size() > 12 ? std::atoi(in.c_str() + 9) : 0;
  size_t body = 0;
  std::string head = in.substr(0, head_end);
  std::transform(head.begin(), head.end(), head.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  const size_t at = head.find("\r\ncontent-length:");
  if (at != std::string::npos) {
    body = std::strtoull(head.c_str() + at + 17, nullptr, 10);
  }
  const size_t total = head_end + 4 + body;
  return in.size() >= total ? total : 0;
}

double Percentile(std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  const size_t at =
      std::min(sorted.size() - 1, static_cast<size_t>(p * sorted.size()));
  return sorted[at];
}

}  // namespace

int main(int argc, char** argv) {
  const Options options = ParseOptions(argc, argv);
  std::vector<std::string> requests;
  {
    std::ifstream file(options.secrets);
    for (std::string secret; std::getline(file, secret);) {
      if (secret.empty()) continue;
      requests.push_back("POST " + options.path +
                         " HTTP/1.1\r\nHost: 127.0.0.1\r\nx-api-key: " +
                         secret + "\r\nContent-Length: 0\r\n\r\n");
    }
  }
  if (requests.empty()) Die("no secrets in " + options.secrets);

  const int epoll = ::epoll_create1(0);
  std::vector<Connection> connections(options.connections);
  std::vector<size_t> idle;
  for (size_t i = 0; i < connections.size(); ++i) {
    connections[i].fd = Connect(options.port);
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.u64 = i;
    ::epoll_ctl(epoll, EPOLL_CTL_ADD, connections[i].fd, &event);
    idle.push_back(i);
  }

  const auto interval = std::chrono::duration_cast<Clock::duration>(
      std::chrono::duration<double>(1.0 / options.rate));
  const Clock::time_point start = Clock::now();
  const Clock::time_point end =
      start + std::chrono::duration_cast<Clock::duration>(
                  std::chrono::duration<double>(options.seconds));
  std::deque<Clock::time_point> waiting;  // due, no idle connection yet
  std::vector<double> latencies_ms;
  latencies_ms.reserve(
      static_cast<size_t>(options.rate * options.seconds * 1.1) + 16);
  uint64_t sent = 0, non_200 = 0;
  Clock::time_point next_due = start;

  auto send = [&](size_t index, Clock::time_point due) {
    Connection& connection = connections[index];
    const std::string& request = requests[sent % requests.size()];
    ++sent;
    connection.busy = true;
    connection.due = due;
    // A request is far below the socket's buffer: one write sends it.
    if (::write(connection.fd, request.data(), request.size()) !=
        static_cast<ssize_t>(request.size())) {
      Die("write: " + std::string(std::strerror(errno)));
    }
  };

  std::vector<epoll_event> events(connections.size());
  char buffer[16384];
  while (true) {
    Clock::time_point now = Clock::now();
    // Everything due by now goes out (or waits for a connection).
    while (next_due <= now && next_due < end) {
      waiting.push_back(next_due);
      next_due += interval;
    }
    while (!waiting.empty() && !idle.empty()) {
      const size_t index = idle.back();
      idle.pop_back();
      send(index, waiting.front());
      waiting.pop_front();
    }
    const bool in_flight = idle.size() < connections.size();
    if (next_due >= end && waiting.empty() && !in_flight) break;
    int timeout_ms = 0;
    if (next_due < end && waiting.empty()) {
      timeout_ms = static_cast<int>(
          std::chrono::duration_cast<std::chrono::milliseconds>(next_due - now)
              .count());
    } else if (!in_flight) {
      continue;
    } else {
      timeout_ms = 1000;
    }
    const int ready = ::epoll_wait(epoll, events.data(),
                                   static_cast<int>(events.size()), timeout_ms);
    if (ready < 0 && errno != EINTR) Die("epoll_wait");
    for (int e = 0; e < ready; ++e) {
      const size_t index = events[e].data.u64;
      Connection& connection = connections[index];
      const ssize_t got = ::read(connection.fd, buffer, sizeof(buffer));
      if (got == 0) {
        // The server closed it (e.g. a keep-alive limit): a request in
        // flight is an error; the connection is opened again, idle.
        ::epoll_ctl(epoll, EPOLL_CTL_DEL, connection.fd, nullptr);
        ::close(connection.fd);
        connection.fd = Connect(options.port);
        epoll_event event{};
        event.events = EPOLLIN;
        event.data.u64 = index;
        ::epoll_ctl(epoll, EPOLL_CTL_ADD, connection.fd, &event);
        connection.in.clear();
        if (connection.busy) {
          ++non_200;
          connection.busy = false;
        }
        idle.push_back(index);
        continue;
      }
      if (got < 0) {
        if (errno == EAGAIN) continue;
        Die("read: " + std::string(std::strerror(errno)));
      }
      connection.in.append(buffer, static_cast<size_t>(got));
      int status = 0;
      const size_t length = AnswerLength(connection.in, status);
      if (length == 0 || !connection.busy) continue;
      connection.in.erase(0, length);
      connection.busy = false;
      const Clock::time_point done = Clock::now();
      latencies_ms.push_back(
          std::chrono::duration<double, std::milli>(done - connection.due)
              .count());
      if (status != 200) ++non_200;
      idle.push_back(index);
    }
  }
  const double elapsed =
      std::chrono::duration<double>(Clock::now() - start).count();
  std::sort(latencies_ms.begin(), latencies_ms.end());
  std::printf("%.0f %.3f %.3f %llu %.3f\n",
              static_cast<double>(latencies_ms.size()) / elapsed,
              Percentile(latencies_ms, 0.50), Percentile(latencies_ms, 0.99),
              static_cast<unsigned long long>(non_200),
              latencies_ms.empty() ? 0.0 : latencies_ms.back());
  for (Connection& connection : connections) ::close(connection.fd);
  ::close(epoll);
  return 0;
}
