// keytrail operator-token --rotate: issues a new operator token and revokes
// the old one, with the server stopped (it holds the store's lock). The new
// secret is printed once on stderr, as on the first start.
//
//   keytrail operator-token --rotate [--data ./data]
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>

#include "base/os_random.h"
#include "eventstore/event_store.h"
#include "base/clock.h"
#include "app/command_runner.h"
#include "app/operator_token.h"
#include "projections/projection_engine.h"
#include "tools/commands.h"

namespace keytrail::tools {

namespace {

constexpr char kStoreDir[] = "store";

struct OperatorTokenFlags {
  bool rotate = false;
  std::string data_dir = "./data";
};

[[noreturn]] void Fail(const std::string& message) {
  std::cerr << "keytrail operator-token: " << message << "\n";
  throw CLI::RuntimeError(1);
}

void RunOperatorToken(const OperatorTokenFlags& flags) {
  if (!flags.rotate) Fail("nothing to do: pass --rotate");
  eventstore::EventStoreOptions options;
  options.create_if_missing = false;
  Result<std::unique_ptr<eventstore::EventStore>> store =
      eventstore::EventStore::Open(
          options,
          (std::filesystem::path(flags.data_dir) / kStoreDir).string());
  if (!store.ok()) Fail(store.error().message);
  Result<std::unique_ptr<projections::ProjectionEngine>> engine =
      projections::ProjectionEngine::Start(**store, {});
  if (!engine.ok()) Fail(engine.error().message);
  app::SystemClock clock;
  OsRandom random;
  app::CommandRunner runner(**store, **engine, clock);
  Result<std::string> secret = app::RotateOperatorToken(runner, random);
  Status stopped = (*engine)->Stop();
  if (!secret.ok()) Fail(secret.error().message);
  if (!stopped.ok()) Fail(stopped.error().message);
  std::fprintf(stderr,
               "keytrail: new operator token (shown once, store it now); "
               "the old one is revoked:\n  %s\n",
               secret->c_str());
}

}  // namespace

void AddOperatorTokenCommand(CLI::App& app) {
  auto flags = std::make_shared<OperatorTokenFlags>();
  CLI::App* command = app.add_subcommand(
      "operator-token", "Manage the operator token (server stopped)");
  command->add_flag("--rotate", flags->rotate,
                    "Issue a new operator token and revoke the old one");
  command->add_option("--data", flags->data_dir, "Data directory")
      ->envname("KEYTRAIL_DATA")
      ->capture_default_str();
  command->callback([flags] { RunOperatorToken(*flags); });
}

}  // namespace keytrail::tools
