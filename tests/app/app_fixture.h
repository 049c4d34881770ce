// AppFixture: the application layer over the in-memory store, for the tests
// of app/ (header only; not a test file itself): a projection engine, a
// command runner, a vault whose side table can be made to fail, and helpers
// that run a fixed decision and render the log as one string.
#ifndef KEYTRAIL_TESTS_APP_APP_FIXTURE_H_
#define KEYTRAIL_TESTS_APP_APP_FIXTURE_H_

#include <boost/test/unit_test.hpp>
#include <memory>
#include <string>
#include <vector>

#include "app/command_runner.h"
#include "app/vault.h"
#include "base/clock.h"
#include "domain/events.h"
#include "projections/projection_engine.h"
#include "tests/support/memory_event_store.h"

namespace keytrail::test {

// A side table that refuses every write while `fail` is set.
class FailingTable final : public eventstore::SideTable {
 public:
  explicit FailingTable(eventstore::SideTable& inner) : inner_(inner) {}
  bool fail = false;

  Status Put(const std::string& key, const std::string& value) override {
    if (fail) return Refused();
    return inner_.Put(key, value);
  }
  Status Delete(const std::string& key) override {
    if (fail) return Refused();
    return inner_.Delete(key);
  }
  Result<std::optional<std::string>> Get(const std::string& key) override {
    return inner_.Get(key);
  }
  Status Scan(const std::string& from, const std::string& to,
              const std::function<bool(const std::string&, const std::string&)>&
                  visit) override {
    return inner_.Scan(from, to, visit);
  }
  Status Write(
      const std::vector<std::pair<std::string, std::optional<std::string>>>&
          changes) override {
    if (fail) return Refused();
    return inner_.Write(changes);
  }

 private:
  static Status Refused() {
    return Error::Make(ErrorCode::kIoError, "disk full (test)");
  }
  eventstore::SideTable& inner_;
};

struct AppFixture {
  AppFixture()
      : vault_table(*store.Table("vault")),
        engine(StartEngine(store)),
        runner(store, *engine, clock),
        vault(vault_table, app::MasterKey{}) {}
  ~AppFixture() { (void)engine->Stop(); }

  static std::unique_ptr<projections::ProjectionEngine> StartEngine(
      eventstore::EventStore& store) {
    projections::ProjectionEngineOptions options;
    options.checkpoint_every_events = 1'000'000'000;
    options.checkpoint_interval = std::chrono::hours(24);
    auto engine = projections::ProjectionEngine::Start(store, options);
    BOOST_REQUIRE(engine.ok());
    return std::move(engine).value();
  }

  // A command of account `account` whose decision is `events`.
  app::CommandRequest Command(const std::string& account, Events events) {
    app::CommandRequest command;
    command.account_id = account;
    command.actor.token_id = "tok_admin";
    command.decide = [events](const projections::Views&, Micros) {
      return Result<Events>(events);
    };
    return command;
  }

  void Run(const std::string& account, Events events) {
    BOOST_REQUIRE(runner.Run(Command(account, std::move(events))).ok());
  }

  // "AccountCreated TokenCreated ..." in seq order.
  std::string LogTypes() {
    Result<std::vector<eventstore::RecordedEvent>> all = store.ReadAll(1, 1000);
    BOOST_REQUIRE(all.ok());
    std::string out;
    for (const eventstore::RecordedEvent& event : *all) {
      if (!out.empty()) out += ' ';
      out += event.type;
    }
    return out;
  }

  SystemClock clock;
  MemoryEventStore store;
  FailingTable vault_table;
  std::unique_ptr<projections::ProjectionEngine> engine;
  app::CommandRunner runner;
  app::SecretVault vault;
};

}  // namespace keytrail::test

#endif  // KEYTRAIL_TESTS_APP_APP_FIXTURE_H_
