#include "eventstore/append_rules.h"

#include <string_view>
#include <unordered_set>

namespace keytrail::eventstore {
namespace {

std::string Describe(std::optional<uint64_t> head) {
  return head ? "version " + std::to_string(*head) : "no stream";
}

std::string Describe(const ExpectedVersion& expected) {
  switch (expected.kind) {
    case ExpectedVersion::Kind::kAny:
      return "any";
    case ExpectedVersion::Kind::kNoStream:
      return "no stream";
    case ExpectedVersion::Kind::kStreamExists:
      return "an existing stream";
    case ExpectedVersion::Kind::kExact:
      return "version " + std::to_string(expected.version);
  }
  return "?";
}

Error Conflict(std::string message, std::optional<uint64_t> head) {
  Error error = Error::Make(ErrorCode::kConflict, std::move(message));
  error.actual_version = head;
  return error;
}

}  // namespace

Status ValidateAppend(const std::string& stream,
                      const std::vector<NewEvent>& events) {
  if (stream.empty() || stream.find('\0') != std::string::npos) {
    return Error::Invalid("stream", "must be non-empty and hold no NUL byte");
  }
  if (events.empty()) {
    return Error::Invalid("events", "an append needs at least one event");
  }
  std::unordered_set<std::string_view> ids;
  for (const NewEvent& event : events) {
    if (event.id.empty()) return Error::Invalid("id", "every event needs one");
    if (event.type.empty()) {
      return Error::Invalid("type", "every event needs one");
    }
    if (!ids.insert(event.id).second) {
      return Error::Invalid("id", "appears twice in one append: " + event.id);
    }
  }
  return OkStatus();
}

bool MatchesExpected(const ExpectedVersion& expected,
                     std::optional<uint64_t> head) {
  switch (expected.kind) {
    case ExpectedVersion::Kind::kAny:
      return true;
    case ExpectedVersion::Kind::kNoStream:
      return !head.has_value();
    case ExpectedVersion::Kind::kStreamExists:
      return head.has_value();
    case ExpectedVersion::Kind::kExact:
      return head.has_value() && *head == expected.version;
  }
  return false;
}

Error ExpectedVersionConflict(const std::string& stream,
                              const ExpectedVersion& expected,
                              std::optional<uint64_t> head) {
  return Conflict("stream " + stream + " is at " + Describe(head) +
                      ", the append expected " + Describe(expected),
                  head);
}

Result<AppendResult> RetryOutcome(const std::string& stream,
                                  const ExpectedVersion& expected,
                                  size_t event_count,
                                  const std::vector<IdLocation>& found,
                                  const std::string& first_found_id,
                                  std::optional<uint64_t> head) {
  bool same_place = !found.empty() && found.size() == event_count;
  for (size_t i = 0; same_place && i < found.size(); ++i) {
    same_place = found[i].stream == stream &&
                 found[i].version == found[0].version + i &&
                 found[i].seq == found[0].seq + i;
  }
  if (same_place && expected.kind == ExpectedVersion::Kind::kExact) {
    same_place = found[0].version == expected.version + 1;
  } else if (same_place && expected.kind == ExpectedVersion::Kind::kNoStream) {
    same_place = found[0].version == 0;
  }
  if (!same_place) {
    const IdLocation& at = found[0];
    return Conflict("event id " + first_found_id + " is already stored at " +
                        at.stream + "@" + std::to_string(at.version) +
                        " (seq " + std::to_string(at.seq) + ")",
                    head);
  }
  return AppendResult{found.front().seq, found.back().seq,
                      found.back().version};
}

RecordedEvent RecordOf(NewEvent& event, uint64_t seq, const std::string& stream,
                       uint64_t version, std::string leaf_hash) {
  return RecordedEvent{seq,
                       stream,
                       version,
                       event.id,
                       event.type,
                       event.schema_version,
                       event.time,
                       event.actor,
                       std::move(event.payload),
                       std::move(leaf_hash),
                       event.idempotency_key};
}

}  // namespace keytrail::eventstore
