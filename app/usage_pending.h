// PendingUsage: verifications recorded in memory and not yet appended to
// the log, aggregated per key, and how a flush turns them into usage events
// (one UsageBatch per stream).
//
// Keys ('\n' separates parts; ids, codes and IPs never hold one):
//   used      token_id '\n' account_id '\n' ip           -> TokenUsed
//   rejected  token_id '\n' account_id '\n' code '\n' ip -> TokenUseRejected
//   unknown   ip                                         ->
//   UnknownTokenRejected
//
// Thread safety: none; UsageRecorder guards each instance with its shard's
// mutex.
#ifndef KEYTRAIL_APP_USAGE_PENDING_H_
#define KEYTRAIL_APP_USAGE_PENDING_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/time.h"
#include "eventstore/event_store.h"
#include "projections/views.h"

namespace keytrail::app {

struct UseCounts {
  int64_t count = 0;
  Micros first_at = 0;
  Micros last_at = 0;

  void Add(int64_t n, Micros first, Micros last);
};

struct PendingUsage {
  projections::IdMap<UseCounts> used;
  projections::IdMap<UseCounts> rejected;
  projections::IdMap<UseCounts> unknown;

  size_t keys() const { return used.size() + rejected.size() + unknown.size(); }
  bool empty() const { return keys() == 0; }
  // The uses counted under every key.
  int64_t TotalUses() const;
  // Adds every count of `other` (whatever the number of keys).
  void Merge(const PendingUsage& other);
};

// Adds one use at `at` under `key` of `map`, which belongs to `pending`.
// Returns false (and adds nothing) when `key` is new and `pending` already
// holds `max_keys` keys.
bool AddUse(PendingUsage& pending, projections::IdMap<UseCounts>& map,
            std::string_view key, Micros at, size_t max_keys);

// Builds the key of a use into `out` (reusing its capacity).
void UsedKey(std::string& out, std::string_view token_id,
             std::string_view account_id, std::string_view ip);
void RejectedKey(std::string& out, std::string_view token_id,
                 std::string_view account_id, std::string_view code,
                 std::string_view ip);

// The events of one stream in a flush, with the counts they carry (put
// back when the append fails).
struct UsageBatch {
  std::string stream;
  std::vector<eventstore::NewEvent> events;
  PendingUsage counts;
};

// Splits `pending` into one batch per token stream, plus one for `_system`
// (unknown secrets); every event is stamped `now` and names `node`, the
// node that saw the uses ("" for an unnamed one).
std::vector<UsageBatch> ToBatches(const PendingUsage& pending, Micros now,
                                  const std::string& node);

}  // namespace keytrail::app

#endif  // KEYTRAIL_APP_USAGE_PENDING_H_
