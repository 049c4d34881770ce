// Helpers shared by the event store tests: paths in a test::TempDir, event
// builders and renderers that turn results into one comparable string.
#ifndef KEYTRAIL_TESTS_EVENTSTORE_STORE_TEST_UTIL_H_
#define KEYTRAIL_TESTS_EVENTSTORE_STORE_TEST_UTIL_H_

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "base/result.h"
#include "eventstore/event_store.h"
#include "tests/support/temp_dir.h"

namespace keytrail::eventstore::testing {

// The path `name` inside `dir` (which need not exist yet).
inline std::string PathIn(const test::TempDir& dir, const std::string& name) {
  return (dir.path() / name).string();
}

inline NewEvent MakeEvent(std::string type, std::string id = NewEventId()) {
  NewEvent event;
  event.id = std::move(id);
  event.type = std::move(type);
  event.time = 1'700'000'000'000'000;
  event.actor.token_id = "tok_admin";
  event.payload = "payload-of-" + event.type;
  event.data_json = R"({"name":")" + event.type + R"("})";
  return event;
}

inline std::unique_ptr<EventStore> OpenStore(const std::string& path,
                                             EventStoreOptions options = {}) {
  Result<std::unique_ptr<EventStore>> store = EventStore::Open(options, path);
  BOOST_REQUIRE_MESSAGE(store.ok(), (store.ok() ? "" : store.error().message));
  return std::move(store).value();
}

// "1-2@v1" for a success, "CONFLICT(actual=v3)" / "CONFLICT(actual=none)"
// or "<CODE>" for an error.
inline std::string Render(const Result<AppendResult>& result) {
  if (result.ok()) {
    return std::to_string(result->first_seq) + "-" +
           std::to_string(result->last_seq) + "@v" +
           std::to_string(result->last_version);
  }
  std::string text(ErrorCodeName(result.error().code));
  if (result.error().code == ErrorCode::kConflict) {
    const auto& actual = result.error().actual_version;
    text +=
        "(actual=" + (actual ? "v" + std::to_string(*actual) : "none") + ")";
  }
  return text;
}

// "1:Created(s@0) 2:Renamed(s@1)".
inline std::string Render(const std::vector<RecordedEvent>& events) {
  std::string text;
  for (const RecordedEvent& event : events) {
    if (!text.empty()) text += ' ';
    text += std::to_string(event.seq) + ":" + event.type + "(" + event.stream +
            "@" + std::to_string(event.version) + ")";
  }
  return text;
}

inline std::string Render(const Result<std::vector<RecordedEvent>>& events) {
  if (!events.ok()) return std::string(ErrorCodeName(events.error().code));
  return Render(*events);
}

}  // namespace keytrail::eventstore::testing

#endif  // KEYTRAIL_TESTS_EVENTSTORE_STORE_TEST_UTIL_H_
