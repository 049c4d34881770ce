// WebhookDeliverer (webhook_deliverer.h): the outbox rounds, the body and
// headers of a delivery, and the delivery log.
#include "app/webhook_deliverer.h"

#include <algorithm>
#include <boost/json.hpp>
#include <set>
#include <tuple>

#include "app/expiry_warnings.h"
#include "app/webhook_signature.h"
#include "base/log.h"
#include "base/thread_name.h"
#include "base/time.h"
#include "domain/event_json.h"
#include "domain/webhook_commands.h"
#include "projections/fold.h"

namespace keytrail::app {

namespace wo = webhook_outbox;

namespace {

constexpr size_t kReadBatch = 256;
constexpr size_t kSendBatch = 64;
constexpr Micros kMaxRetryWait = 3600 * kMicrosPerSecond;

// The JSON POSTed for event `seq` to `webhook_id`. Token events carry no
// secret; their secret hash is left out too.
std::string BodyOf(const eventstore::RecordedEvent& recorded,
                   const Event& event, std::string_view kind,
                   const std::string& webhook_id) {
  boost::json::value data = boost::json::parse(EventData(event).Serialize());
  data.as_object().erase("secret_sha256");
  boost::json::object body;
  body["id"] = webhook_id + "." + std::to_string(recorded.seq);
  body["type"] = kind;
  body["account"] = AccountOf(event);
  body["seq"] = recorded.seq;
  body["created_at"] = FormatRfc3339(recorded.time);
  body["data"] = std::move(data);
  return boost::json::serialize(body);
}

Micros RetryWait(const WebhookDelivererOptions& options, uint32_t attempts) {
  Micros wait = options.first_retry.count() * 1000;
  for (uint32_t i = 1; i < attempts && wait < kMaxRetryWait; ++i) wait *= 2;
  return std::min(wait, kMaxRetryWait);
}

}  // namespace

WebhookDeliverer::WebhookDeliverer(eventstore::EventStore& store,
                                   projections::ProjectionEngine& engine,
                                   SecretVault& vault, const Clock& clock,
                                   WebhookSender sender,
                                   WebhookDelivererOptions options,
                                   CommandRunner* runner)
    : store_(store),
      engine_(engine),
      vault_(vault),
      clock_(clock),
      sender_(std::move(sender)),
      options_(options),
      table_(store.Table(std::string(wo::kTableName))),
      runner_(runner) {}

WebhookDeliverer::~WebhookDeliverer() { Stop(); }

Status WebhookDeliverer::Start() {
  if (Status loaded = LoadCheckpoint(); !loaded.ok()) return loaded;
  thread_ = std::thread([this] { Run(); });
  return OkStatus();
}

Status WebhookDeliverer::LoadCheckpoint() {
  Result<std::optional<std::string>> held = table_->Get(wo::CheckpointKey());
  if (!held.ok()) return held.error();
  checkpoint_ = 0;
  if (held->has_value()) {
    std::optional<uint64_t> seq = wo::DecodeSeq(**held);
    if (!seq) {
      return Error::Make(ErrorCode::kCorruption, "webhook outbox: bad seq");
    }
    checkpoint_ = *seq;
  }
  return OkStatus();
}

void WebhookDeliverer::Stop() {
  {
    std::lock_guard lock(mu_);
    if (stopping_) return;
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void WebhookDeliverer::Run() {
  NameThisThread("kt-webhooks");
  // Whether checkpoint_ is the outbox's: true after Start(), false once
  // another node may have led (and moved the shared checkpoint) since.
  bool current = true;
  std::unique_lock lock(mu_);
  while (!stopping_) {
    lock.unlock();
    if (store_.IsLeader()) {
      WarnWhenDue();
      Status round = current ? OkStatus() : LoadCheckpoint();
      current = round.ok();
      for (Result<bool> more = true; round.ok() && more.ok() && *more;) {
        more = QueueBatch();
        if (!more.ok()) round = more.error();
      }
      if (round.ok()) round = SendDue();
      if (!round.ok()) {
        Log(spdlog::level::warn, "webhook delivery round failed",
            {{"detail", round.error().message}});
      }
    } else {
      current = false;
    }
    lock.lock();
    wake_.wait_for(lock, options_.poll, [&] { return stopping_; });
  }
}

Result<bool> WebhookDeliverer::QueueBatch() {
  const uint64_t applied = engine_.applied_seq();
  if (checkpoint_ >= applied) return false;
  Result<std::vector<eventstore::RecordedEvent>> events = store_.ReadAll(
      checkpoint_ + 1, std::min<uint64_t>(kReadBatch, applied - checkpoint_));
  if (!events.ok()) return events.error();
  if (events->empty()) return false;
  Rows rows;
  const Micros now = clock_.Now();
  {
    projections::ProjectionEngine::ReadLock views = engine_.Read();
    std::set<std::string> seen_in_batch;  // SeenIpKey of this batch
    for (const eventstore::RecordedEvent& recorded : *events) {
      Result<Event> event = projections::DecodeRecorded(recorded);
      if (!event.ok()) return event.error();
      std::optional<std::string_view> kind = WebhookKindOf(*event);
      if (!kind) continue;
      const AccountState* account = views->account(AccountOf(*event));
      if (account == nullptr) continue;
      if (const auto* used = std::get_if<TokenUsed>(&*event)) {
        Result<bool> fresh = NoteIp(*used, seen_in_batch, rows);
        if (!fresh.ok()) return fresh.error();
        if (!*fresh) continue;
      }
      for (const WebhookSubscription& webhook : account->webhooks) {
        if (webhook.subscribed_seq >= recorded.seq ||
            std::find(webhook.events.begin(), webhook.events.end(), *kind) ==
                webhook.events.end()) {
          continue;
        }
        wo::Pending pending{account->id, std::string(*kind),
                            BodyOf(recorded, *event, *kind, webhook.id), 0,
                            now};
        rows.emplace_back(wo::PendingKey(recorded.seq, webhook.id),
                          wo::EncodePending(pending));
      }
    }
  }
  const uint64_t last = events->back().seq;
  rows.emplace_back(wo::CheckpointKey(), wo::EncodeSeq(last));
  if (Status written = table_->Write(rows); !written.ok()) {
    return written.error();
  }
  checkpoint_ = last;
  return true;
}

void WebhookDeliverer::WarnWhenDue() {
  if (runner_ == nullptr) return;
  const auto now = std::chrono::steady_clock::now();
  if (last_scan_ && now - *last_scan_ < options_.expiry_scan) return;
  last_scan_ = now;
  Result<size_t> warned = WarnExpiringTokens(*runner_, engine_, clock_.Now());
  if (!warned.ok()) {
    Log(spdlog::level::warn, "expiry warnings failed",
        {{"detail", warned.error().message}});
  }
}

Result<bool> WebhookDeliverer::NoteIp(const TokenUsed& used,
                                      std::set<std::string>& seen_in_batch,
                                      Rows& rows) {
  std::string key = wo::SeenIpKey(used.token_id, used.ip);
  if (seen_in_batch.contains(key)) return false;
  Result<std::optional<std::string>> held = table_->Get(key);
  if (!held.ok()) return held.error();
  if (held->has_value()) return false;
  rows.emplace_back(key, std::string());
  seen_in_batch.insert(std::move(key));
  return true;
}

Status WebhookDeliverer::SendDue() {
  const Micros now = clock_.Now();
  std::vector<std::tuple<uint64_t, std::string, wo::Pending>> due;
  std::optional<Error> failure;
  Status scanned = table_->Scan(
      wo::PendingPrefix(), "q",
      [&](const std::string& key, const std::string& value) {
        auto id = wo::DecodePendingKey(key);
        std::optional<wo::Pending> pending = wo::DecodePending(value);
        if (!id || !pending) {
          failure = Error::Make(ErrorCode::kCorruption,
                                "webhook outbox: bad pending row");
          return false;
        }
        if (pending->next_at <= now) {
          due.emplace_back(id->first, id->second, std::move(*pending));
        }
        return due.size() < kSendBatch;
      });
  if (!scanned.ok()) return scanned;
  if (failure) return *failure;
  for (auto& [seq, webhook_id, pending] : due) {
    {
      std::lock_guard lock(mu_);
      if (stopping_) return OkStatus();
    }
    if (!store_.IsLeader()) return OkStatus();  // the new leader sends
    if (Status sent = SendOne(seq, webhook_id, std::move(pending));
        !sent.ok()) {
      return sent;
    }
  }
  return OkStatus();
}

Status WebhookDeliverer::SendOne(uint64_t seq, const std::string& webhook_id,
                                 wo::Pending pending) {
  const std::string pending_key = wo::PendingKey(seq, webhook_id);
  std::string url;
  {
    projections::ProjectionEngine::ReadLock views = engine_.Read();
    const AccountState* account = views->account(pending.account_id);
    const WebhookSubscription* webhook =
        account ? FindWebhook(*account, webhook_id) : nullptr;
    if (webhook != nullptr) url = webhook->url;
  }
  if (url.empty()) {  // unsubscribed since: nothing more to deliver
    return table_->Write({{pending_key, std::nullopt}});
  }
  wo::Attempt attempt;
  attempt.seq = seq;
  attempt.attempt = ++pending.attempts;
  attempt.kind = pending.kind;
  attempt.at = clock_.Now();
  Result<std::string> secret = vault_.Open(webhook_id);
  if (secret.ok()) {
    WebhookPost post{url, pending.body, {}};
    const std::string delivery = webhook_id + "." + std::to_string(seq);
    post.headers = {{"Keytrail-Signature",
                     WebhookSignature(*secret, attempt.at / kMicrosPerSecond,
                                      pending.body)},
                    {"Keytrail-Delivery", delivery},
                    {"Idempotency-Key", delivery},
                    {"Keytrail-Event", pending.kind}};
    Result<int> status = sender_(post);
    if (status.ok()) {
      attempt.status = *status;
    } else {
      attempt.error = status.error().message;
    }
  } else {
    attempt.error = "the signing secret cannot be read";
  }
  std::vector<std::pair<std::string, std::optional<std::string>>> rows;
  if (attempt.status >= 200 && attempt.status < 300) {
    attempt.outcome = wo::AttemptOutcome::kDelivered;
    rows.emplace_back(pending_key, std::nullopt);
  } else if (pending.attempts >= options_.max_attempts) {
    attempt.outcome = wo::AttemptOutcome::kFailed;
    rows.emplace_back(pending_key, std::nullopt);
  } else {
    attempt.outcome = wo::AttemptOutcome::kRetrying;
    pending.next_at = attempt.at + RetryWait(options_, pending.attempts);
    rows.emplace_back(pending_key, wo::EncodePending(pending));
  }
  rows.emplace_back(wo::AttemptKey(webhook_id, seq, attempt.attempt),
                    wo::EncodeAttempt(attempt));
  return table_->Write(rows);
}

Result<std::vector<wo::Attempt>> WebhookDeliveries(
    eventstore::EventStore& store, const std::string& webhook_id,
    size_t limit) {
  eventstore::SideTable* table = store.Table(std::string(wo::kTableName));
  std::vector<wo::Attempt> attempts;
  bool corrupt = false;
  Status scanned = table->Scan(
      wo::AttemptsBegin(webhook_id), wo::AttemptsEnd(webhook_id),
      [&](const std::string& key, const std::string& value) {
        std::optional<wo::Attempt> attempt = wo::DecodeAttempt(key, value);
        if (!attempt) {
          corrupt = true;
          return false;
        }
        attempts.push_back(std::move(*attempt));
        return true;
      });
  if (!scanned.ok()) return scanned.error();
  if (corrupt) {
    return Error::Make(ErrorCode::kCorruption, "webhook outbox: bad log row");
  }
  std::reverse(attempts.begin(), attempts.end());
  if (attempts.size() > limit) attempts.resize(limit);
  return attempts;
}

}  // namespace keytrail::app
