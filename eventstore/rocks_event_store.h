// RocksEventStore: the EventStore (event_store.h) on RocksDB. Layout:
// event_store_format.h and README.md. Made by EventStore::Open().
//
// It composes RocksDb (open, format checks, column families), AppendWriter
// (the single writer and group commit), PublishedHead (the head readers are
// bounded by), RocksSubscription (catch-up subscriptions) and MerkleTree
// (the audit tree's nodes). Reads run on the caller's thread and never see
// past the published head.
//
// Lifetime: destroying the store completes queued appends, stops every
// subscription thread (a subscription handle may outlive the store; it then
// delivers nothing more) and closes RocksDB. Side tables die with the store.
//
// Thread safety: every method may be called concurrently.
#ifndef KEYTRAIL_EVENTSTORE_ROCKS_EVENT_STORE_H_
#define KEYTRAIL_EVENTSTORE_ROCKS_EVENT_STORE_H_

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "eventstore/append_writer.h"
#include "eventstore/event_store.h"
#include "eventstore/merkle_tree.h"
#include "eventstore/published_head.h"
#include "eventstore/rocks_db.h"
#include "eventstore/rocks_side_table.h"

namespace keytrail::eventstore {

class RocksEventStore final : public EventStore {
 public:
  static Result<std::unique_ptr<EventStore>> Open(
      const EventStoreOptions& options, const std::string& path);
  ~RocksEventStore() override;

  Result<AppendResult> Append(const std::string& stream,
                              ExpectedVersion expected,
                              std::vector<NewEvent> events) override;
  std::vector<Result<AppendResult>> AppendEach(
      std::vector<StreamAppend> appends) override;
  Status ReadAllInto(uint64_t from_seq, size_t max_count,
                     std::vector<RecordedEvent>* events) override;
  Result<std::vector<RecordedEvent>> ReadStream(const std::string& stream,
                                                uint64_t from_version,
                                                size_t max_count) override;
  Result<std::optional<uint64_t>> StreamHead(
      const std::string& stream) override;
  Result<RecordedEvent> ReadById(const std::string& id) override;
  uint64_t HeadSeq() const override;
  std::unique_ptr<Subscription> Subscribe(uint64_t after_seq,
                                          EventCallback callback) override;
  Status Backup(const std::string& dir) override;
  // Defined in rocks_verify_checksums.cc.
  Status VerifyChecksums(const std::atomic<bool>& stop) override;
  using EventStore::Table;
  SideTable* Table(const std::string& name, SideTableWrites writes) override;
  // Defined in rocks_event_store_stats.cc.
  StoreStats Stats() override;
  Result<std::string> TreeRoot(uint64_t tree_size) override;
  Result<std::vector<std::string>> InclusionProof(uint64_t seq,
                                                  uint64_t tree_size) override;
  Result<std::vector<std::string>> ConsistencyProof(uint64_t first,
                                                    uint64_t second) override;
  Result<std::string> TreeNode(int level, uint64_t index) override;

 private:
  RocksEventStore(const EventStoreOptions& options, std::unique_ptr<RocksDb> db,
                  uint64_t last_seq, TreeFrontier tree);
  // kInvalid unless `tree_size` is at most the published head.

  // Reads the event at `seq` (which must be stored) into `event`.
  Status ReadSeq(uint64_t seq, RecordedEvent* event);
  // The version of the last event of `stream` whose seq is at most `head`.
  Result<std::optional<uint64_t>> StreamHeadAt(const std::string& stream,
                                               uint64_t version, uint64_t head);

  const EventStoreOptions options_;
  std::unique_ptr<RocksDb> db_;
  std::shared_ptr<PublishedHead> head_;
  MerkleTree tree_;
  std::unique_ptr<AppendWriter> writer_;

  std::mutex tables_mu_;
  std::map<std::string, std::unique_ptr<RocksSideTable>> tables_;
};

}  // namespace keytrail::eventstore

#endif  // KEYTRAIL_EVENTSTORE_ROCKS_EVENT_STORE_H_
