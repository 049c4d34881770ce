// WebhookDeliverer: delivers the events webhooks subscribe to (docs/api.md
// "Webhooks"), from the log, at least once.
//
// One thread. Each round it (1) reads the log after the outbox's checkpoint
// (webhook_outbox.h), up to what the views have applied, and writes a
// pending delivery for every webhook of the event's account that subscribes
// to its kind and was subscribed before it, together with the new
// checkpoint, in one batch; (2) POSTs every pending delivery that is due,
// signed (webhook_signature.h), and records the attempt: a 2xx removes the
// delivery; anything else (or no answer) retries after 1 s, 2 s, 4 s, ...
// (doubling, at most 1 h), and after `max_attempts` gives up. Every
// `expiry_scan` it also appends the due expiry warnings (expiry_warnings.h),
// which the next rounds deliver like any event. A crash between
// a POST and its record repeats the POST: receivers deduplicate by the
// Keytrail-Delivery header, the same for every attempt of a delivery.
//
// On a cluster the outbox is shared by the nodes and every node runs a
// deliverer, but only the leader's works (eventstore/leadership.h): each
// round, and before each POST, it asks the store whether this node leads,
// and a deliverer that becomes leader reloads the shared checkpoint first.
// When the leader dies, another node takes over within the leader poll and
// resumes from the outbox: a POST the old leader made but had not recorded
// is made again (at least once, as after a crash). RocksDB: always leader.
//
// Thread safety: Start/Stop from one thread; Deliveries from any thread.
#ifndef KEYTRAIL_APP_WEBHOOK_DELIVERER_H_
#define KEYTRAIL_APP_WEBHOOK_DELIVERER_H_

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "app/command_runner.h"
#include "app/vault.h"
#include "app/webhook_outbox.h"
#include "base/clock.h"
#include "base/result.h"
#include "eventstore/event_store.h"
#include "projections/projection_engine.h"

namespace keytrail::app {

// One POST: its URL, JSON body and headers; answers the HTTP status or an
// error when no response came. Made by the caller (http/outbound_post.h).
struct WebhookPost {
  std::string url;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};
using WebhookSender = std::function<Result<int>(const WebhookPost&)>;

struct WebhookDelivererOptions {
  // How often the outbox is looked at. Default: 100 ms.
  std::chrono::milliseconds poll{100};
  // The wait before the second attempt, doubled for each next one (at most
  // 1 h). Default: 1 s.
  std::chrono::milliseconds first_retry{1000};
  // Attempts before a delivery is given up. Default: 8.
  uint32_t max_attempts = 8;
  // How often the tokens are looked at for expiry warnings (app/
  // expiry_warnings.h), when the deliverer is given a command runner.
  // Default: 1 min.
  std::chrono::milliseconds expiry_scan{60'000};
};

class WebhookDeliverer {
 public:
  // Every argument must outlive the deliverer. With a `runner`, the
  // deliverer also appends the expiry warnings every options.expiry_scan.
  WebhookDeliverer(eventstore::EventStore& store,
                   projections::ProjectionEngine& engine, SecretVault& vault,
                   const Clock& clock, WebhookSender sender,
                   WebhookDelivererOptions options = {},
                   CommandRunner* runner = nullptr);
  ~WebhookDeliverer();
  WebhookDeliverer(const WebhookDeliverer&) = delete;
  WebhookDeliverer& operator=(const WebhookDeliverer&) = delete;

  // Starts the thread; fails when the outbox cannot be read.
  Status Start();
  // Stops after the POST in flight (each bounded by its timeout).
  // Idempotent.
  void Stop();

 private:
  void Run();
  using Rows = std::vector<std::pair<std::string, std::optional<std::string>>>;

  // Reads the outbox's checkpoint into checkpoint_.
  Status LoadCheckpoint();
  // (1) above: one batch of the log into the outbox; false when none left.
  Result<bool> QueueBatch();
  // Whether the IP of `used` is new for its token (not in the outbox's "i"
  // rows nor in `seen_in_batch`); when it is, adds it to both (the row to
  // `rows`).
  Result<bool> NoteIp(const TokenUsed& used,
                      std::set<std::string>& seen_in_batch, Rows& rows);
  // (2) above: the due deliveries.
  Status SendDue();
  Status SendOne(uint64_t seq, const std::string& webhook_id,
                 webhook_outbox::Pending pending);
  // The expiry warnings, when a runner was given and expiry_scan has passed
  // since the last scan.
  void WarnWhenDue();

  eventstore::EventStore& store_;
  projections::ProjectionEngine& engine_;
  SecretVault& vault_;
  const Clock& clock_;
  WebhookSender sender_;
  WebhookDelivererOptions options_;
  eventstore::SideTable* table_;
  CommandRunner* runner_;
  uint64_t checkpoint_ = 0;  // the deliverer thread's only
  std::optional<std::chrono::steady_clock::time_point> last_scan_;  // same

  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;  // guarded by mu_
  std::thread thread_;
};

// The delivery log of `webhook_id` in the outbox of `store`, newest attempt
// first, at most `limit` entries.
Result<std::vector<webhook_outbox::Attempt>> WebhookDeliveries(
    eventstore::EventStore& store, const std::string& webhook_id, size_t limit);

}  // namespace keytrail::app

#endif  // KEYTRAIL_APP_WEBHOOK_DELIVERER_H_
