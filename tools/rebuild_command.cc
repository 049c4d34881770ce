// keytrail rebuild: drops the projections' checkpoint and folds the whole
// log again, with the server stopped (it holds the store's lock), showing
// progress (events/s, ETA). The next start loads the fresh checkpoint.
//
//   keytrail rebuild [--data ./data | --store postgresql://…]
//
// On a cluster's PostgreSQL store, the nodes may keep running: the rebuilt
// checkpoint is what a node starting next loads.
#include <iostream>
#include <memory>
#include <string>

#include "eventstore/event_store.h"
#include "projections/rebuild.h"
#include "tools/audit_cli.h"
#include "tools/commands.h"
#include "tools/data_dir.h"
#include "tools/progress.h"

namespace keytrail::tools {

namespace {

void RunRebuild(const DataDir& data) {
  Result<std::unique_ptr<eventstore::EventStore>> store = data.OpenStore();
  if (!store.ok()) FailCommand("rebuild", store.error(), data);
  ProgressReporter reporter("rebuild");
  Result<projections::RebuildProgress> done = projections::Rebuild(
      **store, [&](const projections::RebuildProgress& progress) {
        reporter.Update(progress.events_done, progress.events_total,
                        progress.events_per_second);
      });
  if (!done.ok()) FailCommand("rebuild", done.error());
  reporter.Finish(done->events_done, done->seconds);
}

}  // namespace

void AddRebuildCommand(CLI::App& app) {
  auto data = std::make_shared<DataDir>();
  CLI::App* command = app.add_subcommand(
      "rebuild", "Rebuild the views from the whole log (server stopped)");
  data->AddOption(*command);
  data->AddStoreOption(*command);
  command->callback([data] { RunRebuild(*data); });
}

}  // namespace keytrail::tools
