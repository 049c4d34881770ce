// Leadership: whether this node is the one node of a cluster that does the
// work only one node may do — writing the projections' checkpoint and
// delivering webhooks — while every node appends, reads and serves. One of
// the narrow interfaces an event store implements (event_store.h).
//
// A store used by one process (RocksDB, the tests' memory store) is
// trivially the leader. On PostgreSQL (postgres/pg_leader.h) the leader is
// the node that holds a session advisory lock on a dedicated connection:
// when that node dies or loses its connection, PostgreSQL ends its session
// and releases the lock, and another node takes it within a poll interval.
// A node that loses the lock may still finish the step it was in before it
// notices (at most one poll interval): what a leader writes must therefore
// stay correct when written twice (checkpoints are whole images of a
// deterministic fold; webhook deliveries are at least once).
//
// Thread safety: IsLeader() may be called from any thread.
#ifndef KEYTRAIL_EVENTSTORE_LEADERSHIP_H_
#define KEYTRAIL_EVENTSTORE_LEADERSHIP_H_

namespace keytrail::eventstore {

class Leadership {
 public:
  virtual ~Leadership() = default;

  // True while this node is the leader. Cheap (an atomic read): call it
  // before each step of single-writer work. Default: true.
  virtual bool IsLeader() const { return true; }
};

}  // namespace keytrail::eventstore

#endif  // KEYTRAIL_EVENTSTORE_LEADERSHIP_H_
