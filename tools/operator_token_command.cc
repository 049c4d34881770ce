// keytrail operator-token --rotate: issues a new operator token and revokes
// the old one, with the server stopped (it holds the store's lock). The new
// secret is printed once on stderr, as on the first start.
//
//   keytrail operator-token --rotate [--data ./data]
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>

#include "app/command_runner.h"
#include "app/operator_token.h"
#include "base/clock.h"
#include "base/os_random.h"
#include "eventstore/event_store.h"
#include "projections/projection_engine.h"
#include "tools/audit_cli.h"
#include "tools/commands.h"
#include "tools/data_dir.h"

namespace keytrail::tools {

namespace {

struct OperatorTokenFlags {
  bool rotate = false;
  DataDir data;
};

[[noreturn]] void Fail(const Error& error) {
  FailCommand("operator-token", error);
}

void RunOperatorToken(const OperatorTokenFlags& flags) {
  if (!flags.rotate) {
    Fail(Error::Make(ErrorCode::kInvalid, "nothing to do: pass --rotate"));
  }
  Result<std::unique_ptr<eventstore::EventStore>> store =
      flags.data.OpenStore();
  if (!store.ok()) FailCommand("operator-token", store.error(), flags.data);
  Result<std::unique_ptr<projections::ProjectionEngine>> engine =
      projections::ProjectionEngine::Start(**store, {});
  if (!engine.ok()) Fail(engine.error());
  SystemClock clock;
  OsRandom random;
  app::CommandRunner runner(**store, **engine, clock);
  Result<std::string> secret = app::RotateOperatorToken(runner, random);
  Status stopped = (*engine)->Stop();
  if (!secret.ok()) Fail(secret.error());
  if (!stopped.ok()) Fail(stopped.error());
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
  flags->data.AddOption(*command);
  command->callback([flags] { RunOperatorToken(*flags); });
}

}  // namespace keytrail::tools
