// bench_audit: what tamper evidence costs, and how fast the audit tools are.
//
//   append   events/s with leaf hashes and Merkle tree nodes written in the
//            appends' WriteBatch (tamper_evidence on) against the same
//            appends without them (off), in the same run: 8 appenders of one
//            event each, kSync and kAsync, 7 short runs alternating on and
//            off, medians compared (fsync times on shared machines drift).
//   proofs   on a --events log (default 1,000,000, written with kAsync):
//            TreeRoot, InclusionProof and ConsistencyProof per second at
//            random sizes and seqs, one thread.
//   verify   VerifyStore() events/s (every leaf recomputed from the event's
//            data, every tree node from its children) with 1 and 2 hashing
//            threads (best of two runs), against a plain ReadAll scan of the
//            same log.
// Prints a table; asserts nothing about time.
//
// Usage: bench_audit [--events N] [--seconds S] [--dir PATH]
//                    [--part all|append|proofs|verify]
// --seconds (default 7) is the time of each durability's on runs (and of
// its off runs); each proof kind runs min(S, 3) seconds.
// A --dir is kept (and reused for the proofs and verify parts when it
// already holds a log).
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "audit/audit_events.h"
#include "domain/event_codec.h"
#include "domain/events.h"
#include "eventstore/event_store.h"
#include "eventstore/store_verifier.h"

namespace keytrail {
namespace {

namespace fs = std::filesystem;
using eventstore::Durability;
using eventstore::EventStore;
using eventstore::NewEvent;
using Clock = std::chrono::steady_clock;

constexpr int kAppenders = 8;
// On/off append runs per durability; each lasts --seconds / kRounds.
constexpr int kRounds = 7;
constexpr Micros kStart = 1'800'000'000 * kMicrosPerSecond;

double Since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// A usage-heavy event of token `t`: TokenUsed mostly, a TokenCreated now
// and then, as a busy log looks.
NewEvent MakeEvent(uint64_t n) {
  const std::string token = "tok_" + std::to_string(n % 5000);
  Event event;
  if (n % 25 == 0) {
    event = TokenCreated{token,
                         "acct-" + std::to_string(n % 50),
                         "Token " + token,
                         "Syncs orders with ERP",
                         TokenKind::kGroup,
                         {"grp_ab12cd34ef56gh78ij90"},
                         "",
                         std::nullopt,
                         std::string(64, 'a'),
                         "ab12"};
  } else {
    event = TokenUsed{token,
                      "acct-" + std::to_string(n % 50),
                      "10.0." + std::to_string(n % 256) + ".7",
                      static_cast<int64_t>(1 + n % 40),
                      kStart + static_cast<Micros>(n) * 1000,
                      kStart + static_cast<Micros>(n) * 1000 + 900,
                      ""};
  }
  EncodedEvent encoded = EncodeEvent(event);
  NewEvent out;
  out.type = std::move(encoded.type);
  out.schema_version = encoded.schema_version;
  out.time = kStart + static_cast<Micros>(n) * 1000;
  out.actor = Actor{token, "", "10.0.0.1"};
  out.payload = std::move(encoded.payload);
  out.data_json = std::move(encoded.data_json);
  return out;
}

std::unique_ptr<EventStore> Open(const fs::path& dir, Durability durability,
                                 bool tamper_evidence) {
  eventstore::EventStoreOptions options;
  options.durability = durability;
  options.tamper_evidence = tamper_evidence;
  Result<std::unique_ptr<EventStore>> store =
      EventStore::Open(options, dir.string());
  if (!store.ok()) {
    std::fprintf(stderr, "open %s: %s\n", dir.c_str(),
                 store.error().message.c_str());
    std::exit(1);
  }
  return std::move(store).value();
}

// Events/s of kAppenders threads appending one event per call for
// `seconds` to a fresh store.
double AppendRate(const fs::path& dir, Durability durability, bool on,
                  double seconds, const std::vector<NewEvent>& pool) {
  fs::remove_all(dir);
  auto store = Open(dir, durability, on);
  std::atomic<uint64_t> appended{0};
  std::atomic<bool> stop{false};
  std::vector<std::thread> threads;
  const Clock::time_point start = Clock::now();
  for (int t = 0; t < kAppenders; ++t) {
    threads.emplace_back([&, t] {
      for (uint64_t i = t; !stop.load(std::memory_order_relaxed);
           i += kAppenders) {
        NewEvent event = pool[i % pool.size()];
        event.id = eventstore::NewEventId();
        const std::string stream = "token-tok_" + std::to_string(i % 5000);
        if (store->Append(stream, eventstore::ExpectedVersion::Any(), {event})
                .ok()) {
          appended.fetch_add(1, std::memory_order_relaxed);
        }
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  stop = true;
  for (std::thread& thread : threads) thread.join();
  const double rate = appended.load() / Since(start);
  store.reset();
  fs::remove_all(dir);
  return rate;
}

double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

void BenchAppends(const fs::path& root, double seconds) {
  std::vector<NewEvent> pool;
  for (uint64_t n = 0; n < 10'000; ++n) pool.push_back(MakeEvent(n));
  std::printf("%-34s %14s %14s %8s\n", "append (8 appenders, 1 event each)",
              "tree on ev/s", "tree off ev/s", "cost");
  for (Durability durability : {Durability::kSync, Durability::kAsync}) {
    // Short runs, on and off alternating, medians compared: the disk's
    // fsync time drifts more over a minute than between neighbours.
    std::vector<double> on;
    std::vector<double> off;
    for (int round = 0; round < kRounds; ++round) {
      on.push_back(AppendRate(root / "append", durability, true,
                              seconds / kRounds, pool));
      off.push_back(AppendRate(root / "append", durability, false,
                               seconds / kRounds, pool));
    }
    const double median_on = Median(on);
    const double median_off = Median(off);
    std::printf(
        "%-34s %14.0f %14.0f %7.1f%%\n",
        durability == Durability::kSync ? "  kSync (group commit)" : "  kAsync",
        median_on, median_off, 100.0 * (median_off - median_on) / median_off);
  }
}

// Writes `total` events (1 to 4 per append, as the usage flusher does)
// with four appenders and kAsync.
void BuildLog(const fs::path& dir, uint64_t total) {
  auto store = Open(dir, Durability::kAsync, true);
  if (store->HeadSeq() >= total) return;
  const Clock::time_point start = Clock::now();
  std::atomic<uint64_t> next{store->HeadSeq()};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (;;) {
        const uint64_t first = next.fetch_add(4);
        if (first >= total) return;
        std::vector<NewEvent> events;
        for (uint64_t n = first; n < std::min(first + 4, total); ++n) {
          events.push_back(MakeEvent(first));  // one token per append
          events.back().id = eventstore::NewEventId();
        }
        const std::string stream = "token-tok_" + std::to_string(first % 5000);
        (void)store->Append(stream, eventstore::ExpectedVersion::Any(),
                            std::move(events));
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  std::printf("built a log of %llu events in %.1f s\n",
              static_cast<unsigned long long>(store->HeadSeq()), Since(start));
}

template <typename Fn>
double PerSecond(double seconds, Fn fn) {
  const Clock::time_point start = Clock::now();
  uint64_t done = 0;
  while (Since(start) < seconds) {
    for (int i = 0; i < 64; ++i, ++done) fn();
  }
  return done / Since(start);
}

void BenchProofs(const fs::path& dir, double seconds) {
  auto store = Open(dir, Durability::kAsync, true);
  const uint64_t n = store->HeadSeq();
  std::mt19937_64 random(7);
  size_t path_hashes = 0;
  const double roots = PerSecond(seconds, [&] {
    if (!store->TreeRoot(1 + random() % n).ok()) std::abort();
  });
  const double inclusion = PerSecond(seconds, [&] {
    auto path = store->InclusionProof(1 + random() % n, n);
    if (!path.ok()) std::abort();
    path_hashes = path->size();
  });
  const double consistency = PerSecond(seconds, [&] {
    if (!store->ConsistencyProof(1 + random() % n, n).ok()) std::abort();
  });
  std::printf("\n%-34s %14s\n", "proofs on the log (1 thread)", "per second");
  std::printf("%-34s %14.0f\n", "  TreeRoot(random size)", roots);
  std::printf("%-34s %14.0f   (%zu hashes)\n",
              "  InclusionProof(random seq, n)", inclusion, path_hashes);
  std::printf("%-34s %14.0f\n", "  ConsistencyProof(random m, n)", consistency);
}

void BenchVerify(const fs::path& dir) {
  uint64_t events = 0;
  double scan = 0;
  {
    auto store = Open(dir, Durability::kAsync, true);
    const Clock::time_point start = Clock::now();
    for (uint64_t from = 1;;) {
      auto batch = store->ReadAll(from, 8192);
      if (!batch.ok() || batch->empty()) break;
      events += batch->size();
      from = batch->back().seq + 1;
    }
    scan = events / Since(start);
  }
  std::printf("\n%-34s %14s %8s\n", "verify-store over the log", "events/s",
              "vs scan");
  std::printf("%-34s %14.0f %7.2fx\n", "  ReadAll scan (baseline)", scan, 1.0);
  for (int workers : {0, 1}) {
    eventstore::StoreVerifyOptions options;
    options.data_json = audit::AuditDataJson;
    options.workers = workers;
    double rate = 0;
    for (int round = 0; round < 2; ++round) {
      const Clock::time_point start = Clock::now();
      Result<eventstore::StoreReport> report =
          eventstore::VerifyStore(dir.string(), options);
      const double seconds = Since(start);
      if (!report.ok() || !report->ok()) {
        std::fprintf(stderr, "verify failed\n");
        std::exit(1);
      }
      rate = std::max(rate, report->events / seconds);
    }
    std::printf("  VerifyStore, %d hashing thread%s     %14.0f %7.2fx\n",
                workers + 1, workers ? "s" : " ", rate, rate / scan);
  }
}

}  // namespace
}  // namespace keytrail

int main(int argc, char** argv) {
  uint64_t events = 1'000'000;
  double seconds = 7;
  std::string dir;
  std::string part = "all";
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--events") {
      events = std::strtoull(argv[i + 1], nullptr, 10);
    } else if (flag == "--seconds") {
      seconds = std::strtod(argv[i + 1], nullptr);
    } else if (flag == "--dir") {
      dir = argv[i + 1];
    } else if (flag == "--part") {
      part = argv[i + 1];
    } else {
      std::fprintf(stderr,
                   "Usage: bench_audit [--events N] [--seconds S] "
                   "[--dir PATH] [--part all|append|proofs|verify]\n");
      return 2;
    }
  }
  namespace fs = std::filesystem;
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // each row as it is measured
  const bool keep = !dir.empty();
  const fs::path root = keep
                            ? fs::path(dir)
                            : fs::temp_directory_path() /
                                  ("bench-audit-" + std::to_string(::getpid()));
  fs::create_directories(root);
  if (part == "all" || part == "append") {
    keytrail::BenchAppends(root, seconds);
  }
  if (part != "append") keytrail::BuildLog(root / "log", events);
  if (part == "all" || part == "proofs") {
    keytrail::BenchProofs(root / "log", std::min(seconds, 3.0));
  }
  if (part == "all" || part == "verify") keytrail::BenchVerify(root / "log");
  if (!keep) fs::remove_all(root);
  return 0;
}
