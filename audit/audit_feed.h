// AuditFeed: the audit log as Server-Sent Events (GET /v1/audit/stream).
//
// One store subscription renders each new event once and offers it to every
// open reader; each reader is a BodyStream (base/body_stream.h) that the
// session pulls pieces from:
//
//   id: <seq>
//   event: audit
//   data: <the /v1/audit item JSON>
//
// A reader first replays the history it asked for (after_seq up to where
// the feed was when it opened), read from the store in pages on the feed's
// own thread and paced by the client; meanwhile, and afterwards, live events
// wait in the reader's queue. Nothing a reader does can block the
// subscription, let alone the writer: when more than `max_queued` events
// wait for a reader, it is dropped from the feed, gets what was queued and
//
//   event: too_slow
//   data: {"last_event_id": N, "reason": "..."}
//
// and its stream ends; it may reconnect with Last-Event-ID: N. A reader
// with nothing to send gets an SSE comment every `heartbeat`, so that a
// vanished client is noticed by the failed write.
//
// Thread safety: every method may be called from any thread. Stop() ends
// every reader; readers may outlive the feed (they then end at once).
#ifndef KEYTRAIL_AUDIT_AUDIT_FEED_H_
#define KEYTRAIL_AUDIT_AUDIT_FEED_H_

#include <chrono>
#include <cstdint>
#include <memory>

#include "base/result.h"
#include "eventstore/event_store.h"
#include "audit/audit_events.h"
#include "base/body_stream.h"

namespace keytrail::audit {

struct AuditFeedOptions {
  // Live events that may wait for one reader before it is told it is too
  // slow and closed. Default: 4096.
  size_t max_queued = 4096;
  // Silence after which a waiting reader gets a comment. Default: 15 s.
  std::chrono::milliseconds heartbeat{15'000};
  // Events sent in one piece (one chunk on the wire). Default: 256.
  size_t max_piece_events = 256;
};

class AuditFeed {
 public:
  // `store` must outlive the feed.
  AuditFeed(eventstore::EventStore& store, AuditFeedOptions options = {});
  ~AuditFeed();  // Stop()
  AuditFeed(const AuditFeed&) = delete;
  AuditFeed& operator=(const AuditFeed&) = delete;

  // Subscribes to the log from its head and starts the feed's thread.
  void Start();

  // A reader of the events matching `filter` with seq > after_seq.
  std::shared_ptr<BodyStream> Open(AuditFilter filter, uint64_t after_seq);

  // Ends the subscription, the thread and every reader. Idempotent.
  void Stop();

  struct Core;  // shared with the readers

 private:
  std::shared_ptr<Core> core_;
};

}  // namespace keytrail::audit

#endif  // KEYTRAIL_AUDIT_AUDIT_FEED_H_
