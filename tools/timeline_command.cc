// keytrail timeline: a token's events, lifecycle and usage together, oldest
// first, read from the data directory while the server is stopped.
//
//   keytrail timeline tok_3fK9... [--since T] [--until T] [--json]
//                     [--data ./data]
//   keytrail timeline 'kt_…abcd'      (the masked form: by last four)
//
// Prints a table, or with --json the items of GET .../tokens/{id}/timeline.
// While the server runs, the store is locked: the command says so and
// exits with 3.
#include <iostream>
#include <memory>
#include <string>

#include "base/time.h"
#include "app/offline_timeline.h"
#include "routes/timeline_json.h"
#include "tools/commands.h"

namespace keytrail::tools {

namespace {

struct TimelineFlags {
  std::string selector;
  std::string since;
  std::string until;
  bool json = false;
  std::string data_dir = "./data";
};

std::optional<Micros> ParseFlagTime(const std::string& text, const char* flag) {
  if (text.empty()) return std::nullopt;
  std::optional<Micros> time = ParseRfc3339(text);
  if (!time) {
    std::cerr << "keytrail timeline: " << flag << " must be an RFC 3339 time\n";
    throw CLI::RuntimeError(2);
  }
  return time;
}

void RunTimeline(const TimelineFlags& flags) {
  http::OfflineTimelineRequest request;
  request.data_dir = flags.data_dir;
  request.selector = flags.selector;
  if (auto since = ParseFlagTime(flags.since, "--since")) {
    request.window.since = *since;
  }
  if (auto until = ParseFlagTime(flags.until, "--until")) {
    request.window.until = *until;
  }
  Result<http::OfflineTimeline> timeline = http::ReadTimelineOffline(request);
  if (!timeline.ok()) {
    std::cerr << "keytrail timeline: " << timeline.error().message << "\n";
    throw CLI::RuntimeError(
        timeline.error().code == ErrorCode::kUnavailable ? 3 : 1);
  }
  if (!flags.json) {
    std::cout << http::FormatTimelineTable(*timeline);
    return;
  }
  boost::json::array items;
  for (const http::TimelineEntry& entry : timeline->entries) {
    items.push_back(http::TimelineEntryJson(entry));
  }
  std::cout << boost::json::serialize(
                   boost::json::object{{"token_id", timeline->token_id},
                                       {"account", timeline->account_id},
                                       {"items", std::move(items)}})
            << "\n";
}

}  // namespace

void AddTimelineCommand(CLI::App& app) {
  auto flags = std::make_shared<TimelineFlags>();
  CLI::App* timeline = app.add_subcommand(
      "timeline", "Print a token's events (the server must be stopped)");
  timeline
      ->add_option("token", flags->selector,
                   "Token id, secret, or masked secret (kt_...abcd)")
      ->required();
  timeline->add_option("--since", flags->since, "From this RFC 3339 time");
  timeline->add_option("--until", flags->until, "Before this RFC 3339 time");
  timeline->add_flag("--json", flags->json, "Print JSON instead of a table");
  timeline->add_option("--data", flags->data_dir, "Data directory")
      ->envname("KEYTRAIL_DATA")
      ->capture_default_str();
  timeline->callback([flags] { RunTimeline(*flags); });
}

}  // namespace keytrail::tools
