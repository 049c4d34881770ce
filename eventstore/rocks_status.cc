#include "eventstore/rocks_status.h"

#include <string>

namespace keytrail::eventstore {
namespace {

// RocksDB reports a held LOCK file as an IOError with one of two texts:
// "lock hold by current process, ..." (this process) or "While lock file:
// <dir>/LOCK: Resource temporarily unavailable" (another process).
bool IsLockHeld(const rocksdb::Status& status) {
  if (!status.IsIOError()) return false;
  const std::string text = status.ToString();
  return text.find("lock hold by current process") != std::string::npos ||
         text.find("While lock file") != std::string::npos;
}

ErrorCode CodeFor(const rocksdb::Status& status) {
  if (status.IsCorruption()) return ErrorCode::kCorruption;
  if (IsLockHeld(status)) return ErrorCode::kUnavailable;
  if (status.IsBusy() || status.IsTimedOut() || status.IsTryAgain() ||
      status.IsIncomplete()) {
    return ErrorCode::kUnavailable;
  }
  if (status.IsNotFound()) return ErrorCode::kNotFound;
  if (status.IsInvalidArgument()) return ErrorCode::kInvalid;
  return ErrorCode::kIoError;
}

}  // namespace

Error ErrorFromRocks(const rocksdb::Status& status, std::string_view what) {
  std::string message(what);
  message += ": ";
  message += status.ToString();
  return Error::Make(CodeFor(status), std::move(message));
}

Status StatusFromRocks(const rocksdb::Status& status, std::string_view what) {
  if (status.ok()) return OkStatus();
  return ErrorFromRocks(status, what);
}

}  // namespace keytrail::eventstore
