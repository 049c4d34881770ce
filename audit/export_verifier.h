// VerifyExport(): the offline check of an export (keytrail verify-log), with
// nothing but the export and the server's public key. It
//   * recomputes every event's leaf hash from its line (RFC 8785 canonical
//     JSON of the line without "leaf_hash", SHA-256 with the 0x00 prefix)
//     and compares it with the line's leaf_hash;
//   * checks that seqs increase and lie in the head's tree;
//   * recomputes the head's root from those leaves and the "omitted"
//     subtrees (audit_export.h), and compares;
//   * checks the head's Ed25519 signature with `public_key`.
// The first problem found is reported with the seq it concerns, if any.
// docs/verify_export.py does the same with Python's standard library.
//
// Thread-safe (pure).
#ifndef KEYTRAIL_AUDIT_EXPORT_VERIFIER_H_
#define KEYTRAIL_AUDIT_EXPORT_VERIFIER_H_

#include <cstdint>
#include <functional>
#include <istream>
#include <string>
#include <string_view>

#include "base/result.h"
#include "audit/tree_head.h"

namespace keytrail::audit {

struct ExportVerdict {
  uint64_t events = 0;  // event lines read
  SignedTreeHead head;  // the last line, when it parsed
  bool ok = false;
  uint64_t bad_seq = 0;  // the first bad event's seq; 0 when not one event
  std::string problem;   // what is wrong; empty when ok
};

// Checks the export read from `in` against the raw 32-byte Ed25519
// `public_key`, streaming: memory grows by about 40 bytes per event. An
// error means the input is not an export at all (empty, or its last line is
// no head); a bad export is a verdict with ok false. `progress` (optional)
// gets the events checked and the bytes read so far.
Result<ExportVerdict> VerifyExport(
    std::istream& in, std::string_view public_key,
    const std::function<void(uint64_t events, uint64_t bytes)>& progress = {});

// RFC 8785 canonical JSON of a parsed JSON text (keys sorted, no
// whitespace); kInvalid for a number that is not an integer.
Result<std::string> CanonicalJsonOf(std::string_view json_text);

}  // namespace keytrail::audit

#endif  // KEYTRAIL_AUDIT_EXPORT_VERIFIER_H_
