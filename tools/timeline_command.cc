// keytrail timeline: a token's events, lifecycle and usage together, oldest
// first, read from the data directory while the server is stopped.
//
//   keytrail timeline tok_3fK9... [--since T] [--until T] [--json]
//                     [--data ./data | --store postgresql://…]
//   keytrail timeline 'kt_…abcd'      (the masked form: by last four)
//
// Prints a table, or with --json the items of GET .../tokens/{id}/timeline.
// While the server runs, a RocksDB store is locked: the command says so and
// exits with 3. A cluster's PostgreSQL store (--store) is read at any time.
#include <iostream>
#include <memory>
#include <string>

#include "app/offline_timeline.h"
#include "base/time.h"
#include "routes/timeline_json.h"
#include "tools/audit_cli.h"
#include "tools/commands.h"
#include "tools/data_dir.h"

namespace keytrail::tools {

namespace {

struct TimelineFlags {
  std::string selector;
  std::string since;
  std::string until;
  bool json = false;
  DataDir data;
};

std::optional<Micros> ParseFlagTime(const std::string& text, const char* flag) {
  if (text.empty()) return std::nullopt;
  std::optional<Micros> time = ParseRfc3339(text);
  if (!time) {
    FailCommand("timeline",
                Error::Make(ErrorCode::kInvalid,
                            std::string(flag) + " must be an RFC 3339 time"));
  }
  return time;
}

void RunTimeline(const TimelineFlags& flags) {
  Result<std::unique_ptr<eventstore::EventStore>> store =
      flags.data.OpenStore();
  if (!store.ok()) FailCommand("timeline", store.error(), flags.data);
  app::OfflineTimelineRequest request;
  request.selector = flags.selector;
  if (auto since = ParseFlagTime(flags.since, "--since")) {
    request.window.since = *since;
  }
  if (auto until = ParseFlagTime(flags.until, "--until")) {
    request.window.until = *until;
  }
  Result<app::OfflineTimeline> timeline =
      app::ReadTimelineOffline(**store, request);
  if (!timeline.ok()) FailCommand("timeline", timeline.error(), flags.data);
  if (!flags.json) {
    std::cout << app::FormatTimelineTable(*timeline);
    return;
  }
  boost::json::array items;
  for (const projections::TimelineEntry& entry : timeline->entries) {
    items.push_back(http::TimelineEntryJson(entry, timeline->revoked_at));
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
  flags->data.AddOption(*timeline);
  flags->data.AddStoreOption(*timeline);
  timeline->callback([flags] { RunTimeline(*flags); });
}

}  // namespace keytrail::tools
