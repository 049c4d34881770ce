// keytrail rebuild: drops the projections' checkpoint and folds the whole
// log again, with the server stopped (it holds the store's lock), showing
// progress (events/s, ETA). The next start loads the fresh checkpoint.
//
//   keytrail rebuild [--data ./data]
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>

#include "eventstore/event_store.h"
#include "projections/rebuild.h"
#include "tools/commands.h"
#include "tools/progress.h"

namespace keytrail::tools {

namespace {

constexpr char kStoreDir[] = "store";

void RunRebuild(const std::string& data_dir) {
  eventstore::EventStoreOptions options;
  options.create_if_missing = false;
  Result<std::unique_ptr<eventstore::EventStore>> store =
      eventstore::EventStore::Open(
          options, (std::filesystem::path(data_dir) / kStoreDir).string());
  if (!store.ok()) {
    std::cerr << "keytrail rebuild: " << store.error().message << "\n";
    throw CLI::RuntimeError(1);
  }
  ProgressReporter reporter("rebuild");
  Result<projections::RebuildProgress> done = projections::Rebuild(
      **store, [&](const projections::RebuildProgress& progress) {
        reporter.Update(progress.events_done, progress.events_total,
                        progress.events_per_second);
      });
  if (!done.ok()) {
    std::cerr << "keytrail rebuild: " << done.error().message << "\n";
    throw CLI::RuntimeError(1);
  }
  reporter.Finish(done->events_done, done->seconds);
}

}  // namespace

void AddRebuildCommand(CLI::App& app) {
  auto data_dir = std::make_shared<std::string>("./data");
  CLI::App* command = app.add_subcommand(
      "rebuild", "Rebuild the views from the whole log (server stopped)");
  command->add_option("--data", *data_dir, "Data directory")
      ->envname("KEYTRAIL_DATA")
      ->capture_default_str();
  command->callback([data_dir] { RunRebuild(*data_dir); });
}

}  // namespace keytrail::tools
