// MemoryEventStore: an in-memory fake of eventstore::EventStore for tests
// (the leveldb StringDest/StringSource idea): the whole contract of
// event_store.h (expected versions, idempotent ids, a global seq with no
// gap, catch-up subscriptions, side tables) without RocksDB. Leaf hashes
// are left empty; Backup() and the Merkle tree are not supported.
//
// Thread safety: every method may be called from any thread, as the real
// store's. Each subscription delivers on a thread of its own.
#ifndef KEYTRAIL_TESTS_SUPPORT_MEMORY_EVENT_STORE_H_
#define KEYTRAIL_TESTS_SUPPORT_MEMORY_EVENT_STORE_H_

#include <atomic>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "domain/events.h"
#include "eventstore/event_store.h"

namespace keytrail::test {

class MemoryEventStore : public eventstore::EventStore {
 public:
  MemoryEventStore();
  ~MemoryEventStore() override;

  Result<eventstore::AppendResult> Append(
      const std::string& stream, eventstore::ExpectedVersion expected,
      std::vector<eventstore::NewEvent> events) override;
  Status ReadAllInto(uint64_t from_seq, size_t max_count,
                     std::vector<eventstore::RecordedEvent>* events) override;
  Result<std::vector<eventstore::RecordedEvent>> ReadStream(
      const std::string& stream, uint64_t from_version,
      size_t max_count) override;
  Result<std::optional<uint64_t>> StreamHead(
      const std::string& stream) override;
  Result<eventstore::RecordedEvent> ReadById(const std::string& id) override;
  uint64_t HeadSeq() const override;
  std::unique_ptr<eventstore::Subscription> Subscribe(
      uint64_t after_seq, eventstore::EventCallback callback) override;
  Status Backup(const std::string& dir) override;
  using eventstore::EventStore::Table;
  eventstore::SideTable* Table(const std::string& name,
                               eventstore::SideTableWrites writes) override;
  // No Merkle tree: these answer kInternal, as Backup() does.
  Result<std::string> TreeRoot(uint64_t tree_size) override;
  Result<std::vector<std::string>> InclusionProof(uint64_t seq,
                                                  uint64_t tree_size) override;
  Result<std::vector<std::string>> ConsistencyProof(uint64_t first,
                                                    uint64_t second) override;
  Result<std::string> TreeNode(int level, uint64_t index) override;

  struct Shared;  // the log and tables, shared with subscription threads

 private:
  std::shared_ptr<Shared> shared_;
};

// Appends `event` (encoded with the domain's EncodeEvent) to its stream
// with ExpectedVersion::Any(), at `time`, by `actor`. Returns its seq.
uint64_t AppendEvent(eventstore::EventStore& store, const Event& event,
                     Micros time, const Actor& actor = {});

}  // namespace keytrail::test

#endif  // KEYTRAIL_TESTS_SUPPORT_MEMORY_EVENT_STORE_H_
