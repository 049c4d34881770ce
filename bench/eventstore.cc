// bench_eventstore: durable append and read throughput of the event store,
// against plain RocksDB single-writer sync=true puts measured in the same
// run on the same disk. Prints a table; asserts nothing about time.
//
//   bench_eventstore [--seconds N] [--dir PATH]
//
// Each phase runs for N seconds (default 4); the whole run takes about
// 6 N + 10 seconds. PATH (default: a new directory under the temp dir) is
// removed at the end.
#include <stdlib.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "eventstore/event_store.h"
#include "rocksdb/db.h"

namespace {

using keytrail::eventstore::Durability;
using keytrail::eventstore::EventStore;
using keytrail::eventstore::EventStoreOptions;
using keytrail::eventstore::ExpectedVersion;
using keytrail::eventstore::NewEvent;
using Clock = std::chrono::steady_clock;

constexpr size_t kPayloadBytes = 300;

double Seconds(Clock::duration d) {
  return std::chrono::duration<double>(d).count();
}

std::unique_ptr<EventStore> OpenOrDie(const std::string& path,
                                      Durability durability) {
  EventStoreOptions options;
  options.durability = durability;
  auto store = EventStore::Open(options, path);
  if (!store.ok()) {
    std::fprintf(stderr, "open %s: %s\n", path.c_str(),
                 store.error().message.c_str());
    std::exit(1);
  }
  return std::move(store).value();
}

NewEvent MakeEvent(int thread, uint64_t i) {
  NewEvent event;
  event.id = keytrail::eventstore::NewEventId();
  event.type = "TokenUsed";
  event.time = 1'700'000'000'000'000 + static_cast<int64_t>(i);
  event.actor = {"tok_" + std::to_string(thread), "", "10.0.0.1"};
  event.payload.assign(kPayloadBytes, static_cast<char>('a' + thread % 26));
  event.data_json =
      R"({"ip":"10.0.0.1","token_id":"tok_)" + std::to_string(thread) + R"("})";
  return event;
}

// Plain RocksDB, one writer, sync=true puts of 300-byte values.
double BaselineSyncPuts(const std::string& path, double seconds) {
  rocksdb::Options options;
  options.create_if_missing = true;
  rocksdb::DB* raw = nullptr;
  if (!rocksdb::DB::Open(options, path, &raw).ok()) std::exit(1);
  std::unique_ptr<rocksdb::DB> db(raw);
  rocksdb::WriteOptions write_options;
  write_options.sync = true;
  const std::string value(kPayloadBytes, 'x');
  uint64_t count = 0;
  const auto start = Clock::now();
  while (Seconds(Clock::now() - start) < seconds) {
    char key[16];
    std::snprintf(key, sizeof(key), "%015llu",
                  static_cast<unsigned long long>(count));
    if (!db->Put(write_options, key, value).ok()) std::exit(1);
    ++count;
  }
  return count / Seconds(Clock::now() - start);
}

// `appenders` threads append one event per call for `seconds`.
double Appends(EventStore& store, int appenders, double seconds) {
  std::atomic<uint64_t> total{0};
  std::atomic<bool> failed{false};
  std::vector<std::thread> threads;
  const auto start = Clock::now();
  for (int t = 0; t < appenders; ++t) {
    threads.emplace_back([&, t] {
      const std::string stream = "token-tok_" + std::to_string(t);
      uint64_t count = 0;
      while (Seconds(Clock::now() - start) < seconds) {
        auto result =
            store.Append(stream, ExpectedVersion::Any(), {MakeEvent(t, count)});
        if (!result.ok()) failed = true;
        ++count;
      }
      total += count;
    });
  }
  for (std::thread& thread : threads) thread.join();
  if (failed) std::fprintf(stderr, "some appends failed\n");
  return total / Seconds(Clock::now() - start);
}

// Reads the whole log forward, decoded, `passes` times.
double ForwardReads(EventStore& store, int passes, uint64_t* events_read) {
  uint64_t count = 0;
  const auto start = Clock::now();
  for (int pass = 0; pass < passes; ++pass) {
    uint64_t next = 1;
    for (;;) {
      auto events = store.ReadAll(next, 1024);
      if (!events.ok()) std::exit(1);
      if (events->empty()) break;
      count += events->size();
      next = events->back().seq + 1;
    }
  }
  *events_read = count;
  return count / Seconds(Clock::now() - start);
}

}  // namespace

int main(int argc, char** argv) {
  double seconds = 4;
  std::string dir;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--seconds") == 0)
      seconds = std::atof(argv[i + 1]);
    if (std::strcmp(argv[i], "--dir") == 0) dir = argv[i + 1];
  }
  if (dir.empty()) {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "keytrail-bench-XXXXXX")
            .string();
    if (mkdtemp(pattern.data()) == nullptr) return 1;
    dir = pattern;
  }
  std::printf(
      "keytrail event store benchmark: %zu-byte payloads, %.0f s per "
      "phase, data in %s\n\n",
      kPayloadBytes, seconds, dir.c_str());
  const double baseline = BaselineSyncPuts(dir + "/baseline", seconds);
  double one, many, many_async;
  {
    auto store = OpenOrDie(dir + "/sync", Durability::kSync);
    one = Appends(*store, 1, seconds);
    many = Appends(*store, 64, seconds);
  }
  auto store = OpenOrDie(dir + "/async", Durability::kAsync);
  many_async = Appends(*store, 64, seconds);
  uint64_t events_read = 0;
  const double reads = ForwardReads(*store, 3, &events_read);

  std::printf("%-46s %12s %10s\n", "case", "events/s", "vs base");
  auto row = [&](const char* name, double rate) {
    std::printf("%-46s %12.0f %9.1fx\n", name, rate, rate / baseline);
  };
  row("rocksdb put, sync=true, 1 writer (baseline)", baseline);
  row("append, durability sync, 1 appender", one);
  row("append, durability sync, 64 appenders", many);
  row("append, durability async, 64 appenders", many_async);
  std::printf("%-46s %12.0f %10s   (%llu events, 3 passes)\n",
              "ReadAll forward, decoded", reads, "",
              static_cast<unsigned long long>(events_read));
  store.reset();
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  return 0;
}
