// bench_rebuild: how fast `keytrail rebuild` folds a realistic log.
//
// Writes a log of --events events (default 1,000,000) into a fresh RocksDB
// store (Durability::kAsync) in a temporary directory: accounts, groups,
// users, tokens, their updates, regenerations and revocations, grants, and
// mostly usage (TokenUsed, TokenUseRejected, UnknownTokenRejected), as a
// busy deployment's log looks. Then measures, in the same run:
//   scan        ReadAll over the whole log, no decoding (the baseline: what
//               the store alone costs), and ReadAllInto into one reused
//               vector (the read path of the fold);
//   rebuild     projections::Rebuild: read, decode and fold, then
//   checkpoint  the checkpoint it writes, as its own row (serializing the
//               views is a fixed cost, not a per-event one).
// Prints events/s and events per CPU-second of each and the ratios.
// Asserts nothing about time.
//
// Usage: bench_rebuild [--events N] [--batch N] [--threads N] [--dir PATH]
// --batch and --threads set RebuildOptions::batch_events (events per
// ReadAll) and threads.
// A --dir that already holds a store is reused as it is (no new log).
#include "projections/rebuild.h"

#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "domain/event_codec.h"
#include "domain/events.h"
#include "domain/secret.h"
#include "eventstore/event_store.h"

namespace keytrail {
namespace {

using eventstore::EventStore;
using eventstore::NewEvent;
using Clock = std::chrono::steady_clock;

constexpr Micros kStart = 1'800'000'000 * kMicrosPerSecond;

// Appends a deterministic, realistic log. Usage events are appended a few
// per call to one stream, as the usage flusher does per token each second.
class LogWriter {
 public:
  explicit LogWriter(EventStore& store) : store_(store), random_(42) {}

  bool Write(uint64_t total) {
    const int accounts = 50, groups_per = 5, users_per = 20;
    for (int a = 0; a < accounts && ok_; ++a)
      WriteAccount(a, groups_per, users_per);
    while (appended_ < total && ok_) {
      // Per 1,000 steps: 100 new tokens, 40 changes, 10 unknown-token
      // rejections, the rest 1-4 usage events of one token (~1M events:
      // ~40,000 tokens, ~16,000 changes, ~920,000 usage events).
      uint64_t roll = random_() % 1000;
      if (roll < 100 || tokens_.empty()) {
        CreateToken();
      } else if (roll < 140) {
        ChangeToken();
      } else if (roll < 150) {
        Append({UnknownTokenRejected{"203.0.113.9", 3, Now(), Now(), ""}});
      } else {
        UseToken(std::min<uint64_t>(1 + random_() % 4, total - appended_));
      }
    }
    return ok_;
  }

 private:
  struct TokenRef {
    std::string id;
    std::string account;
    std::vector<std::string> groups;
  };

  void WriteAccount(int a, int groups, int users) {
    std::string account = "acct-" + std::to_string(a);
    AccountCreated created;
    created.account_id = account;
    created.name = "Account " + std::to_string(a);
    Append({created});
    for (int g = 0; g < groups; ++g) {
      std::string id = NewId("grp_");
      Append({GroupCreated{id,
                           account,
                           "Group " + std::to_string(g),
                           g == 0 ? GroupType::kUser : GroupType::kApi,
                           {"contacts:read", "orders:write"}}});
      if (g == 0) user_group_[account] = id;
      if (g > 0) groups_[account].push_back(id);
    }
    for (int u = 0; u < users; ++u) {
      std::string id = NewId("usr_");
      Append({UserCreated{id,
                          account,
                          "user" + std::to_string(u) + "@example.test",
                          "User " + std::to_string(u),
                          {user_group_[account]},
                          {"api_per_user"}}});
    }
  }

  void CreateToken() {
    int a = static_cast<int>(random_() % 50);
    std::string account = "acct-" + std::to_string(a);
    std::string id = NewId("tok_");
    std::vector<std::string> groups = {
        groups_[account][random_() % groups_[account].size()]};
    Append({TokenCreated{id, account, "Token " + id, "Syncs orders with ERP",
                         TokenKind::kGroup, groups, "", std::nullopt,
                         Sha256Hex(id), "ab12"}});
    tokens_.push_back({id, account, groups});
  }

  void ChangeToken() {
    const TokenRef& t = tokens_[random_() % tokens_.size()];
    switch (random_() % 6) {
      case 0:
        Append({TokenRegenerated{t.id, t.account,
                                 Sha256Hex(t.id + std::to_string(Now())),
                                 "cd34", std::nullopt}});
        break;
      case 1:
        Append({TokenDisabled{t.id, t.account, "manual"}});
        break;
      case 2:
        Append({TokenEnabled{t.id, t.account}});
        break;
      case 3:
        Append({TokenRevoked{t.id, t.account}});
        break;
      default:
        Append({TokenUpdated{t.id, t.account, "Renamed " + t.id, "Syncs orders",
                             std::nullopt, t.groups}});
    }
  }

  void UseToken(uint64_t count) {
    // Skewed: a few tokens carry most of the traffic.
    size_t n = tokens_.size();
    size_t pick =
        (random_() % 4 == 0) ? random_() % n : random_() % (n / 20 + 1);
    const TokenRef& t = tokens_[pick];
    std::vector<Event> events;
    for (uint64_t i = 0; i < count; ++i) {
      std::string ip = "10.0." + std::to_string(random_() % 4) + "." +
                       std::to_string(random_() % 250);
      if (random_() % 30 == 0) {
        events.push_back(TokenUseRejected{t.id, t.account, "FORBIDDEN", ip, 1,
                                          Now(), Now(), ""});
      } else {
        int64_t uses = 1 + static_cast<int64_t>(random_() % 50);
        events.push_back(
            TokenUsed{t.id, t.account, ip, uses, Now(), Now(), ""});
      }
    }
    Append(events);
  }

  // Ids shaped like the domain's: a prefix and 20 base62 characters.
  std::string NewId(const char* prefix) {
    static constexpr char kBase62[] =
        "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    std::string id = prefix;
    for (int i = 0; i < 20; ++i) id += kBase62[random_() % 62];
    return id;
  }

  Micros Now() const { return kStart + static_cast<Micros>(appended_) * 1000; }

  void Append(const std::vector<Event>& events) {
    std::vector<NewEvent> batch;
    for (const Event& event : events) {
      EncodedEvent encoded = EncodeEvent(event);
      NewEvent e;
      e.id = eventstore::NewEventId();
      e.type = std::move(encoded.type);
      e.schema_version = encoded.schema_version;
      e.time = Now();
      e.actor = {"tok_admin", "", "198.51.100.7"};
      e.payload = std::move(encoded.payload);
      e.data_json = std::move(encoded.data_json);
      batch.push_back(std::move(e));
    }
    Result<eventstore::AppendResult> result =
        store_.Append(StreamOf(events[0]), eventstore::ExpectedVersion::Any(),
                      std::move(batch));
    if (!result.ok()) {
      std::fprintf(stderr, "append failed: %s\n",
                   result.error().message.c_str());
      ok_ = false;
      return;
    }
    appended_ += events.size();
  }

  EventStore& store_;
  std::mt19937_64 random_;
  std::map<std::string, std::vector<std::string>> groups_;  // api groups
  std::map<std::string, std::string> user_group_;
  std::vector<TokenRef> tokens_;
  uint64_t appended_ = 0;
  bool ok_ = true;
};

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

// CPU seconds (user + system) of the whole process so far: on a shared
// machine, events per CPU-second is steadier than the wall-clock rate.
double CpuSeconds() {
  rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) { return t.tv_sec + t.tv_usec / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

// Events/s and events per CPU-second of one pass.
struct Rate {
  double per_second = 0;
  double per_cpu_second = 0;
};

// The baseline: read every event (in batches of the rebuild's size),
// decode nothing; with ReadAll(), or with ReadAllInto() into one vector.
Rate Scan(EventStore& store, size_t batch, bool reuse) {
  const double cpu = CpuSeconds();
  Clock::time_point start = Clock::now();
  uint64_t next = 1, seen = 0;
  std::vector<eventstore::RecordedEvent> events;
  for (;;) {
    if (reuse) {
      if (!store.ReadAllInto(next, batch, &events).ok()) break;
    } else {
      auto read = store.ReadAll(next, batch);
      if (!read.ok()) break;
      events = std::move(read).value();
    }
    if (events.empty()) break;
    seen += events.size();
    next = events.back().seq + 1;
  }
  const double n = static_cast<double>(seen);
  return {n / Seconds(start), n / (CpuSeconds() - cpu)};
}

void PrintRow(const char* name, Rate rate) {
  std::printf("%-30s %14.0f %16.0f\n", name, rate.per_second,
              rate.per_cpu_second);
}

int Run(uint64_t events, size_t batch, int threads, std::filesystem::path dir) {
  eventstore::EventStoreOptions options;
  options.durability = eventstore::Durability::kAsync;
  auto store = EventStore::Open(options, dir.string());
  if (!store.ok()) {
    std::fprintf(stderr, "open: %s\n", store.error().message.c_str());
    return 1;
  }
  Clock::time_point start = Clock::now();
  if ((*store)->HeadSeq() > 0) {  // --dir of an earlier run: reuse its log
    std::printf("using the existing log of %llu events\n",
                static_cast<unsigned long long>((*store)->HeadSeq()));
  } else {
    if (!LogWriter(**store).Write(events)) return 1;
    std::printf("wrote %llu events in %.1f s (kAsync)\n",
                static_cast<unsigned long long>((*store)->HeadSeq()),
                Seconds(start));
  }

  projections::RebuildOptions rebuild_options;
  if (batch > 0) rebuild_options.batch_events = batch;
  if (threads >= 0) rebuild_options.threads = threads;
  const Rate scan = Scan(**store, rebuild_options.batch_events, false);
  const Rate scan_into = Scan(**store, rebuild_options.batch_events, true);
  const double cpu = CpuSeconds();
  double folded_cpu = 0;  // CPU seconds when the fold was done
  bool tty = isatty(fileno(stdout));
  auto rebuilt = projections::Rebuild(
      **store,
      [&](const projections::RebuildProgress& p) {
        if (p.events_done == p.events_total && !p.checkpoint_written) {
          folded_cpu = CpuSeconds();
        }
        if (tty) {
          std::printf("\r  rebuild %llu/%llu  %.0f events/s   ",
                      static_cast<unsigned long long>(p.events_done),
                      static_cast<unsigned long long>(p.events_total),
                      p.events_per_second);
          std::fflush(stdout);
        }
      },
      rebuild_options);
  if (tty) std::printf("\n");
  if (!rebuilt.ok()) {
    std::fprintf(stderr, "rebuild: %s\n", rebuilt.error().message.c_str());
    return 1;
  }
  const double total_cpu = CpuSeconds() - cpu;
  const double checkpoint_cpu = CpuSeconds() - folded_cpu;
  const double n = static_cast<double>(rebuilt->events_done);
  const double fold_seconds = rebuilt->seconds - rebuilt->checkpoint_seconds;
  const Rate fold = {n / fold_seconds, n / (folded_cpu - cpu)};
  std::printf("%-30s %14s %16s\n", "", "events/s", "events/cpu-s");
  PrintRow("scan (ReadAll, baseline)", scan);
  PrintRow("scan (ReadAllInto, reused)", scan_into);
  PrintRow("rebuild (read+decode+fold)", fold);
  PrintRow("rebuild + checkpoint", {rebuilt->events_per_second, n / total_cpu});
  std::printf("checkpoint write: %.3f s, %.3f cpu-s (once per rebuild)\n",
              rebuilt->checkpoint_seconds, checkpoint_cpu);
  std::printf(
      "rebuild / scan = %.2f (ReadAll), %.2f (ReadAllInto); %llu events in "
      "%.2f s\n",
      fold.per_second / scan.per_second, fold.per_second / scan_into.per_second,
      static_cast<unsigned long long>(rebuilt->events_done), rebuilt->seconds);
  return 0;
}

}  // namespace
}  // namespace keytrail

int main(int argc, char** argv) {
  uint64_t events = 1'000'000;
  size_t batch = 0;
  int threads = -1;
  std::string dir;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--events" && i + 1 < argc) {
      events = std::strtoull(argv[++i], nullptr, 10);
    } else if (arg == "--batch" && i + 1 < argc) {
      batch = std::strtoull(argv[++i], nullptr, 10);
    } else if (arg == "--threads" && i + 1 < argc) {
      threads = std::atoi(argv[++i]);
    } else if (arg == "--dir" && i + 1 < argc) {
      dir = argv[++i];
    } else {
      std::fprintf(
          stderr,
          "Usage: %s [--events N] [--batch N] [--threads N] [--dir PATH]\n"
          "Example: %s --events 1000000\n",
          argv[0], argv[0]);
      return 1;
    }
  }
  bool temporary = dir.empty();
  if (temporary) {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "keytrail-bench-XXXXXX")
            .string();
    if (mkdtemp(pattern.data()) == nullptr) return 1;
    dir = pattern + "/store";
  }
  int rc = keytrail::Run(events, batch, threads, dir);
  if (temporary) {
    std::error_code ignored;
    std::filesystem::remove_all(std::filesystem::path(dir).parent_path(),
                                ignored);
  }
  return rc;
}
