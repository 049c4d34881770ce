// SideTables: named key-value spaces kept beside the log (projection
// checkpoints, the secret vault, usage indexes), not part of it. One of the
// narrow interfaces an event store implements (event_store.h).
//
// Errors are values; thread safety: any method from any thread at once.
#ifndef KEYTRAIL_EVENTSTORE_SIDE_TABLES_H_
#define KEYTRAIL_EVENTSTORE_SIDE_TABLES_H_

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/result.h"

namespace keytrail::eventstore {

// How a side table's writes reach the disk.
enum class SideTableWrites {
  // As the log's: fsynced before Write() returns when the store's
  // durability is kSync (the vault, signed heads, checkpoints).
  kDurable,
  // Never fsynced by the table itself: for content derived from the log
  // that its owner rebuilds from the log after a crash (the usage
  // projection). A process crash loses nothing (the OS has the write); a
  // machine crash may lose the table's last writes, never the log's, and
  // never leaves the table ahead of the log: its writes follow the log
  // writes they derive from in the one write-ahead log. Spares an fsync
  // per write that would otherwise queue behind, and delay, the log's.
  kDerived,
  // For secrets that must be destroyed for good (the vault): writes never
  // enter the write-ahead log; each Put/Write/Delete reaches the table's
  // own files (durable) before it returns, and once a Delete (or a Write
  // deleting a key) returns, the old value is in no file of the store —
  // the files that held it were rewritten and removed. Backups taken
  // before keep their copy. Slower (a flush per write, a compaction per
  // delete): for small tables with rare writes.
  kErasable,
};

// A key-value space beside the log. Keys sort bytewise.
class SideTable {
 public:
  virtual ~SideTable() = default;
  virtual Status Put(const std::string& key, const std::string& value) = 0;
  virtual Status Delete(const std::string& key) = 0;
  // The value, or nullopt if absent.
  virtual Result<std::optional<std::string>> Get(const std::string& key) = 0;
  // Calls `visit(key, value)` for keys in [from, to) in order until it
  // returns false. An empty `to` means: to the end of the table.
  virtual Status Scan(const std::string& from, const std::string& to,
                      const std::function<bool(const std::string&,
                                               const std::string&)>& visit) = 0;
  // Applies all puts (value set) and deletes (nullopt) atomically.
  virtual Status Write(
      const std::vector<std::pair<std::string, std::optional<std::string>>>&
          changes) = 0;
};

class SideTables {
 public:
  virtual ~SideTables() = default;

  // Side tables: named key-value spaces in the same database (projection
  // checkpoints, the secret vault, usage indexes). Not part of the log.
  // The table outlives every call; owned by the store. The first call for
  // a name decides its SideTableWrites; Table(name) is kDurable.
  virtual SideTable* Table(const std::string& name, SideTableWrites writes) = 0;
  SideTable* Table(const std::string& name) {
    return Table(name, SideTableWrites::kDurable);
  }
};

}  // namespace keytrail::eventstore

#endif  // KEYTRAIL_EVENTSTORE_SIDE_TABLES_H_
