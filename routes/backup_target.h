// CheckBackupTarget(): whether an online backup can be written at `dir`,
// checked before the store starts copying, so that a directory that cannot
// be made answers 400 INVALID naming `dir` instead of a storage failure.
//
// `dir` must be absolute and already normal (no `.`, `..`, `//` or trailing
// `/`: the copy goes exactly where the caller said), its parent an existing
// directory, and its staging sibling `<dir>.tmp` (RocksDB's checkpoint
// builds the copy there and renames it) creatable: the check makes and
// removes that directory. Returns kConflict when `dir` exists, kInvalid
// (field "dir") for every other refusal. Touches nothing else; thread-safe.
#ifndef KEYTRAIL_ROUTES_BACKUP_TARGET_H_
#define KEYTRAIL_ROUTES_BACKUP_TARGET_H_

#include <filesystem>

#include "base/result.h"

namespace keytrail::http {

[[nodiscard]] Status CheckBackupTarget(const std::filesystem::path& dir);

}  // namespace keytrail::http

#endif  // KEYTRAIL_ROUTES_BACKUP_TARGET_H_
