// CreditLeases' idle returns (app/credit_leases.h): a lease unused for
// `idle_return` goes back to the pool once, and a token leased again after
// its return is returned again (the return loop visits the tokens holding
// unused credits, and a token that leases anew joins them).
#include "app/credit_leases.h"

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <thread>

#include "base/os_random.h"
#include "projections/verify_index.h"
#include "tests/app/app_fixture.h"

namespace keytrail::test {
namespace {

using namespace std::chrono_literals;

struct CreditFixture : AppFixture {
  CreditFixture() {
    projections::VerifyIndex::AttachTo(index, *engine);
    AccountCreated account;
    account.account_id = "acme";
    account.name = "Acme";
    TokenCreated token;
    token.token_id = "tok_1";
    token.account_id = "acme";
    token.name = "metered";
    token.secret_sha256 = std::string(64, 'a');
    token.last4 = "aaaa";
    TokenCreditsChanged credits;
    credits.token_id = "tok_1";
    credits.account_id = "acme";
    credits.remaining = 100;
    Run("acme", {account, token, credits});
    app::CreditLeasesOptions options;
    options.node = "node-a";
    options.idle_return = 40ms;
    leases = std::make_unique<app::CreditLeases>(runner, random, options);
    leases->Start();
  }
  ~CreditFixture() { leases->Stop(); }

  // Spends `count` credits of tok_1; how many were allowed.
  int Spend(int count) {
    std::shared_ptr<const projections::VerifySnapshot> snapshot =
        index->FindToken("tok_1");
    BOOST_REQUIRE(snapshot != nullptr);
    BOOST_REQUIRE(snapshot->credits() != nullptr);
    int allowed = 0;
    for (int i = 0; i < count; ++i) {
      std::optional<app::CreditDecision> decision =
          leases->Spend(*snapshot, clock.Now(), /*may_append=*/true);
      BOOST_REQUIRE(decision.has_value());
      allowed += decision->allowed ? 1 : 0;
    }
    return allowed;
  }

  // Waits up to 5 s for `returns` returns in all.
  bool ReturnsReach(uint64_t returns) {
    const auto deadline = std::chrono::steady_clock::now() + 5s;
    while (leases->stats().returns < returns) {
      if (std::chrono::steady_clock::now() > deadline) return false;
      std::this_thread::sleep_for(5ms);
    }
    return true;
  }

  std::shared_ptr<projections::VerifyIndex> index =
      std::make_shared<projections::VerifyIndex>(0);
  OsRandom random;
  std::unique_ptr<app::CreditLeases> leases;
};

BOOST_FIXTURE_TEST_SUITE(CreditLeaseReturns, CreditFixture)

BOOST_AUTO_TEST_CASE(AnIdleLeaseIsReturnedOnceAndAgainAfterALeaseAnew) {
  BOOST_TEST(Spend(2) == 2);  // leases of 1 and 2: one credit unused
  BOOST_REQUIRE(ReturnsReach(1));
  BOOST_TEST(LogTypes() ==
             "AccountCreated TokenCreated TokenCreditsChanged CreditsLeased "
             "CreditsLeased CreditsReturned");
  // Nothing more to return, however long it waits.
  std::this_thread::sleep_for(200ms);
  BOOST_TEST(leases->stats().returns == 1u);
  BOOST_TEST(leases->stats().leases == 2u);

  // A new lease after the return is returned too.
  BOOST_TEST(Spend(1) == 1);
  BOOST_TEST(leases->stats().leases == 3u);
  BOOST_REQUIRE(ReturnsReach(2));
  BOOST_TEST(LogTypes().ends_with("CreditsLeased CreditsReturned"));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail::test
