#include "app/usage_pending.h"

#include <algorithm>
#include <utility>

#include "domain/events.h"
#include "projections/new_event.h"

namespace keytrail::app {

namespace {

// Splits `key` at '\n' into `parts` (at most N parts).
template <size_t N>
std::array<std::string_view, N> Split(std::string_view key) {
  std::array<std::string_view, N> parts{};
  for (size_t i = 0; i + 1 < N; ++i) {
    size_t end = key.find('\n');
    parts[i] = key.substr(0, end);
    key = end == std::string_view::npos ? std::string_view()
                                        : key.substr(end + 1);
  }
  parts[N - 1] = key;
  return parts;
}

}  // namespace

void UseCounts::Add(int64_t n, Micros first, Micros last) {
  first_at = count == 0 ? first : std::min(first_at, first);
  last_at = count == 0 ? last : std::max(last_at, last);
  count += n;
}

int64_t PendingUsage::TotalUses() const {
  int64_t total = 0;
  for (const auto* map : {&used, &rejected, &unknown}) {
    for (const auto& [key, counts] : *map) total += counts.count;
  }
  return total;
}

void PendingUsage::Merge(const PendingUsage& other) {
  auto merge = [](projections::IdMap<UseCounts>& into,
                  const projections::IdMap<UseCounts>& from) {
    for (const auto& [key, counts] : from) {
      into[key].Add(counts.count, counts.first_at, counts.last_at);
    }
  };
  merge(used, other.used);
  merge(rejected, other.rejected);
  merge(unknown, other.unknown);
}

bool AddUse(PendingUsage& pending, projections::IdMap<UseCounts>& map,
            std::string_view key, Micros at, size_t max_keys) {
  auto it = map.find(key);
  if (it == map.end()) {
    if (pending.keys() >= max_keys) return false;
    it = map.emplace(std::string(key), UseCounts{}).first;
  }
  it->second.Add(1, at, at);
  return true;
}

void UsedKey(std::string& out, std::string_view token_id,
             std::string_view account_id, std::string_view ip) {
  out.clear();
  out.append(token_id).append(1, '\n').append(account_id).append(1, '\n');
  out.append(ip);
}

void RejectedKey(std::string& out, std::string_view token_id,
                 std::string_view account_id, std::string_view code,
                 std::string_view ip) {
  out.clear();
  out.append(token_id).append(1, '\n').append(account_id).append(1, '\n');
  out.append(code).append(1, '\n').append(ip);
}

std::vector<UsageBatch> ToBatches(const PendingUsage& pending, Micros now,
                                  const std::string& node) {
  projections::IdMap<size_t> by_stream;
  std::vector<UsageBatch> batches;
  auto batch_of = [&](std::string stream) -> UsageBatch& {
    auto [it, fresh] = by_stream.try_emplace(stream, batches.size());
    if (fresh) batches.push_back(UsageBatch{std::move(stream), {}, {}});
    return batches[it->second];
  };
  for (const auto& [key, c] : pending.used) {
    auto [token, account, ip] = Split<3>(key);
    TokenUsed used{std::string(token),
                   std::string(account),
                   std::string(ip),
                   c.count,
                   c.first_at,
                   c.last_at,
                   node};
    UsageBatch& batch = batch_of("token-" + used.token_id);
    batch.events.push_back(
        projections::ToNewEvent(used, now, Actor{used.token_id, "", used.ip}));
    batch.counts.used.emplace(key, c);
  }
  for (const auto& [key, c] : pending.rejected) {
    auto [token, account, code, ip] = Split<4>(key);
    TokenUseRejected rejected{std::string(token),
                              std::string(account),
                              std::string(code),
                              std::string(ip),
                              c.count,
                              c.first_at,
                              c.last_at,
                              node};
    UsageBatch& batch = batch_of("token-" + rejected.token_id);
    batch.events.push_back(projections::ToNewEvent(
        rejected, now, Actor{rejected.token_id, "", rejected.ip}));
    batch.counts.rejected.emplace(key, c);
  }
  for (const auto& [ip, c] : pending.unknown) {
    UnknownTokenRejected unknown{ip, c.count, c.first_at, c.last_at, node};
    UsageBatch& batch = batch_of(std::string(kSystemAccount));
    batch.events.push_back(
        projections::ToNewEvent(unknown, now, Actor{"", "", ip}));
    batch.counts.unknown.emplace(ip, c);
  }
  return batches;
}

}  // namespace keytrail::app
