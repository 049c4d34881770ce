// CommandRunner's account lock (app/command_runner.h): a rule that applies
// only in some states takes the lock exclusively when the state, read under
// the lock, asks for it.
#include "app/command_runner.h"

#include <atomic>
#include <boost/test/unit_test.hpp>
#include <future>
#include <thread>

#include "tests/app/app_fixture.h"

namespace keytrail::test {
namespace {

Event Account(const std::string& id) {
  AccountCreated account;
  account.account_id = id;
  account.name = id;
  return account;
}

BOOST_FIXTURE_TEST_SUITE(CommandRunnerLocks, AppFixture)

BOOST_AUTO_TEST_CASE(ExclusiveIfWaitsForCommandsHoldingTheLockShared) {
  Run("acme", {Account("acme")});
  std::promise<void> first_deciding;
  std::promise<void> release_first;
  std::shared_future<void> released = release_first.get_future().share();
  std::atomic<bool> first_done{false};

  app::CommandRequest first = Command("acme", {});
  first.decide = [&](const projections::Views&, Micros) -> Result<Events> {
    first_deciding.set_value();
    released.wait();
    first_done = true;
    return Events{};
  };
  std::thread first_thread([&] { (void)runner.Run(first); });
  first_deciding.get_future().wait();

  std::atomic<bool> asked{false};
  std::atomic<bool> second_saw_first_done{false};
  app::CommandRequest second = Command("acme", {});
  second.exclusive_if = [&](const projections::Views& views) {
    asked = true;
    return views.account("acme") != nullptr;  // the state asks for it
  };
  second.decide = [&](const projections::Views&, Micros) -> Result<Events> {
    second_saw_first_done = first_done.load();
    return Events{};
  };
  std::thread second_thread([&] { (void)runner.Run(second); });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  release_first.set_value();
  first_thread.join();
  second_thread.join();

  BOOST_TEST(asked.load());
  BOOST_TEST(second_saw_first_done.load());
}

BOOST_AUTO_TEST_CASE(ExclusiveIfFalseSharesTheLock) {
  Run("acme", {Account("acme")});
  std::promise<void> first_deciding;
  std::promise<void> release_first;
  std::shared_future<void> released = release_first.get_future().share();

  app::CommandRequest first = Command("acme", {});
  first.decide = [&](const projections::Views&, Micros) -> Result<Events> {
    first_deciding.set_value();
    released.wait();
    return Events{};
  };
  std::thread first_thread([&] { (void)runner.Run(first); });
  first_deciding.get_future().wait();

  app::CommandRequest second = Command("acme", {});
  second.exclusive_if = [](const projections::Views&) { return false; };
  // Decides while the first still holds the lock shared.
  Result<app::CommandOutcome> outcome = runner.Run(second);
  release_first.set_value();
  first_thread.join();
  BOOST_TEST(outcome.ok());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail::test
