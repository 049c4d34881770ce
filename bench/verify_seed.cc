// bench_verify_seed: fills a fresh keytrail data directory with one account
// ("bench"), one api group (permission orders:read) and N active group
// tokens, appending the events straight to the store (the server must not
// run), for tools/bench-verify. Writes one line per token to FILE:
//
//   <secret> TAB <verify JSON keytrail answers for it>
//
// so that the nginx baseline can serve the very same answers.
//
//   bench_verify_seed --data DIR --tokens N --out FILE [--rate-limit]
//                     [--credits]
//
// --rate-limit gives every token a rate limit of its own
// (TokenRateLimitChanged: 1,000,000 calls per second, which a benchmark never
// reaches), so that every verification takes a call from a bucket: the cost of
// rate limits with none refused. --credits gives every token credits
// (TokenCreditsChanged: 10^12 uses, which a benchmark never spends), so that
// every verification spends a credit of the server's lease (app/
// credit_leases.h): the cost of credits with none refused.
//
// The secrets are real (GenerateSecret); the file is the only place they
// are kept. Appends run from several threads (async durability) so that
// the store group-commits them; a views checkpoint is written at the end
// (projections::Rebuild), as `keytrail rebuild` would.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "base/canonical_json.h"
#include "base/os_random.h"
#include "domain/credits.h"
#include "domain/ids.h"
#include "domain/secret.h"
#include "eventstore/event_store.h"
#include "projections/new_event.h"
#include "projections/rebuild.h"

namespace {

using keytrail::Event;
using keytrail::Micros;
using keytrail::eventstore::EventStore;
using keytrail::eventstore::ExpectedVersion;
using keytrail::eventstore::NewEvent;

constexpr char kAccount[] = "bench";
constexpr char kPermission[] = "orders:read";
constexpr int kThreads = 8;

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "bench_verify_seed: %s\n", what.c_str());
  std::exit(1);
}

Micros Now() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void AppendOrDie(EventStore& store, const std::string& stream,
                 const Event& event, keytrail::Actor actor = {}) {
  auto appended = store.Append(
      stream, ExpectedVersion::NoStream(),
      {keytrail::projections::ToNewEvent(event, Now(), std::move(actor))});
  if (!appended.ok()) Die("append " + stream + ": " + appended.error().message);
}

// The JSON keytrail's POST /v1/verify answers for a valid group token.
std::string VerifyJson(const std::string& token_id) {
  std::string out = "{\"valid\":true,\"code\":\"VALID\",\"token_id\":";
  keytrail::AppendJsonString(out, token_id);
  out +=
      ",\"account\":\"bench\",\"kind\":\"group\",\"user\":null,"
      "\"permissions\":[\"orders:read\"],\"expires_at\":null,\"meta\":null}";
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  std::string data_dir, out_path;
  long tokens = 0;
  bool rate_limit = false;
  bool credits = false;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--rate-limit")) {
      rate_limit = true;
    } else if (!std::strcmp(argv[i], "--credits")) {
      credits = true;
    } else if (i + 1 < argc) {
      if (!std::strcmp(argv[i], "--data")) data_dir = argv[i + 1];
      if (!std::strcmp(argv[i], "--tokens")) tokens = std::atol(argv[i + 1]);
      if (!std::strcmp(argv[i], "--out")) out_path = argv[i + 1];
      ++i;
    }
  }
  if (data_dir.empty() || out_path.empty() || tokens <= 0) {
    Die("usage: bench_verify_seed --data DIR --tokens N --out FILE "
        "[--rate-limit] [--credits]");
  }
  keytrail::eventstore::EventStoreOptions options;
  options.durability = keytrail::eventstore::Durability::kAsync;
  auto store = EventStore::Open(
      options, (std::filesystem::path(data_dir) / "store").string());
  if (!store.ok()) Die("open: " + store.error().message);
  keytrail::OsRandom random;

  const std::string group_id =
      keytrail::NewId(keytrail::kGroupIdPrefix, random);
  // Tokens are recorded as created by one admin token, as when an admin
  // creates them through POST /v1/accounts/{account}/tokens.
  const keytrail::Actor admin{keytrail::NewId(keytrail::kTokenIdPrefix, random),
                              "", "127.0.0.1"};
  AppendOrDie(**store, "account-bench",
              keytrail::AccountCreated{kAccount, "Bench", {}, {}});
  AppendOrDie(**store, "group-" + group_id,
              keytrail::GroupCreated{group_id,
                                     kAccount,
                                     "bench",
                                     keytrail::GroupType::kApi,
                                     {kPermission}});

  std::vector<std::string> lines(tokens);
  std::atomic<long> next{0};
  auto work = [&] {
    keytrail::OsRandom rng;
    for (long i; (i = next.fetch_add(1)) < tokens;) {
      keytrail::TokenCreated created;
      created.token_id = keytrail::NewId(keytrail::kTokenIdPrefix, rng);
      created.account_id = kAccount;
      created.name = "bench " + std::to_string(i);
      created.groups = {group_id};
      const std::string secret = keytrail::GenerateSecret(rng);
      created.secret_sha256 = keytrail::Sha256Hex(secret);
      created.last4 = std::string(keytrail::Last4(secret));
      AppendOrDie(**store, "token-" + created.token_id, created, admin);
      if (rate_limit) {
        keytrail::TokenRateLimitChanged limited{
            created.token_id, kAccount, keytrail::RateLimit{1'000'000, 1'000},
            ""};
        auto appended = (*store)->Append(
            "token-" + created.token_id, ExpectedVersion::Exact(0),
            {keytrail::projections::ToNewEvent(limited, Now(), admin)});
        if (!appended.ok()) Die("append limit: " + appended.error().message);
      }
      if (credits) {
        keytrail::TokenCreditsChanged metered{
            created.token_id, kAccount, keytrail::kMaxCredits, {}};
        auto appended = (*store)->Append(
            "token-" + created.token_id,
            ExpectedVersion::Exact(rate_limit ? 1 : 0),
            {keytrail::projections::ToNewEvent(metered, Now(), admin)});
        if (!appended.ok()) {
          Die("append credits: " + appended.error().message);
        }
      }
      lines[i] = secret + "\t" + VerifyJson(created.token_id);
    }
  };
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) threads.emplace_back(work);
  for (std::thread& thread : threads) thread.join();

  // A checkpoint of the views, as `keytrail rebuild` writes, so that the
  // server starts from it instead of folding the whole log at start.
  auto rebuilt = keytrail::projections::Rebuild(**store, nullptr);
  if (!rebuilt.ok()) Die("rebuild: " + rebuilt.error().message);

  std::ofstream out(out_path);
  for (const std::string& line : lines) out << line << '\n';
  if (!out) Die("cannot write " + out_path);
  std::printf("seeded %ld tokens into %s\n", tokens, data_dir.c_str());
  return 0;
}
