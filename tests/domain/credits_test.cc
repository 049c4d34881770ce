// Credits (domain/credits.h, docs/api.md "Credits"): leases take from the
// pool and returns give back; the last credits go one at a time; a new
// setting voids older leases; refills reset the pool lazily at UTC day and
// month boundaries; block sizes.
#include "domain/credits.h"

#include <boost/test/unit_test.hpp>

#include "domain/token_commands.h"
#include "tests/domain/test_state.h"

namespace keytrail {
namespace {

using testing::CodeOf;
using testing::kNow;

// 2026-11-24T10:00:00Z is kNow: the next UTC day starts 14 h later.
constexpr Micros kNextDay = kNow + 14 * 3600 * kMicrosPerSecond;

struct CreditsFixture : testing::DomainFixture {
  CreditsFixture() {
    Account("acme");
    token = GroupToken("acme", {Group("acme", "api", {"*"})});
  }
  void SetCredits(std::optional<int64_t> remaining,
                  std::optional<CreditRefill> refill = std::nullopt) {
    UpdateTokenInput input;
    input.credits = Credits{remaining, refill};
    Must(UpdateToken(state, "acme", token, input, context));
  }
  // Leases up to `want` at context.now; "amount" or the error's code.
  std::string Lease(int64_t want) {
    Result<Events> events = LeaseCredits(
        state, token, {"node-a", "lse_" + std::to_string(++leases), want},
        context.now);
    if (!events.ok()) return CodeOf(events);
    Must(events);
    last = std::get<CreditsLeased>(events->front());
    return std::to_string(last.amount);
  }
  std::string Return(const CreditsLeased& lease, int64_t unused) {
    Result<Events> events = ReturnCredits(state, lease, unused);
    if (!events.ok()) return CodeOf(events);
    Must(events);
    return events->empty() ? "void" : "returned";
  }
  // "pool/leased" as the state holds them at context.now.
  std::string Pool() {
    const TokenRareFields& rare = *state.token(token).rare;
    std::optional<int64_t> available = CreditsAvailable(rare, context.now);
    return (available ? std::to_string(*available) : "unlimited") + "/" +
           std::to_string(CreditsLeasedNow(rare, context.now));
  }

  std::string token;
  int leases = 0;
  CreditsLeased last;
};

BOOST_AUTO_TEST_SUITE(CreditsTest)

BOOST_FIXTURE_TEST_CASE(LeasesTakeFromThePoolAndReturnsGiveBack,
                        CreditsFixture) {
  SetCredits(10);
  BOOST_TEST(Pool() == "10/0");
  BOOST_TEST(Lease(4) == "4");
  const CreditsLeased first = last;
  BOOST_TEST(Lease(4) == "4");
  BOOST_TEST(Pool() == "2/8");
  BOOST_TEST(Return(first, 3) == "returned");
  BOOST_TEST(Pool() == "5/5");
  BOOST_TEST(Return(first, 5) == "INVALID(amount)");  // more than it held
  BOOST_TEST(state.history().ends_with(
      "TokenCreditsChanged(" + token + ")@1 CreditsLeased(" + token +
      ")@2 CreditsLeased(" + token + ")@3 CreditsReturned(" + token + ")@4"));
  // The events name the node and the lease, and the generation they spend.
  BOOST_TEST(first.node == "node-a");
  BOOST_TEST(first.credits_version == 1);
  BOOST_TEST(!first.period.has_value());
}

BOOST_FIXTURE_TEST_CASE(TheLastCreditsGoAsFarAsTheyReachThenUsageExceeded,
                        CreditsFixture) {
  SetCredits(2);
  BOOST_TEST(Lease(5) == "2");
  BOOST_TEST(Lease(1) == "USAGE_EXCEEDED");
  BOOST_TEST(Pool() == "0/2");
  SetCredits(std::nullopt);  // unlimited: nothing to lease
  BOOST_TEST(Pool() == "unlimited/0");
  BOOST_TEST(Lease(1) == "INVALID(credits)");
}

BOOST_FIXTURE_TEST_CASE(ANewSettingVoidsTheLeasesTakenBeforeIt,
                        CreditsFixture) {
  SetCredits(10);
  BOOST_TEST(Lease(5) == "5");
  const CreditsLeased old = last;
  SetCredits(3);
  BOOST_TEST(Pool() == "3/0");
  BOOST_TEST(Return(old, 5) == "void");  // no event: nothing comes back
  BOOST_TEST(Pool() == "3/0");
}

BOOST_FIXTURE_TEST_CASE(ADailyRefillResetsThePoolAtUtcMidnight,
                        CreditsFixture) {
  SetCredits(2, CreditRefill{5, "daily"});
  BOOST_TEST(Lease(2) == "2");
  const CreditsLeased yesterday = last;
  context.now = kNextDay - 1;
  BOOST_TEST(Lease(1) == "USAGE_EXCEEDED");
  context.now = kNextDay;
  BOOST_TEST(Pool() == "5/0");  // lazily: no event was needed
  BOOST_TEST(Lease(2) == "2");
  BOOST_TEST(last.period.value_or(0) == kNextDay);
  BOOST_TEST(Pool() == "3/2");
  // Yesterday's lease is void: its return is ignored.
  BOOST_TEST(Return(yesterday, 1) == "void");
  BOOST_TEST(Pool() == "3/2");
  // Two days later the pool is full again, whatever was left.
  context.now = kNextDay + 2 * kMicrosPerDay + 5;
  BOOST_TEST(Pool() == "5/0");
}

BOOST_AUTO_TEST_CASE(PeriodsStartAtUtcDaysAndFirstsOfMonths) {
  const auto at = [](const char* text) { return *ParseRfc3339(text); };
  BOOST_TEST(FormatRfc3339(CreditPeriodStart("daily", kNow)) ==
             "2026-11-24T00:00:00.000000Z");
  BOOST_TEST(FormatRfc3339(NextCreditPeriod("daily", kNow)) ==
             "2026-11-25T00:00:00.000000Z");
  BOOST_TEST(FormatRfc3339(CreditPeriodStart("monthly", kNow)) ==
             "2026-11-01T00:00:00.000000Z");
  BOOST_TEST(FormatRfc3339(NextCreditPeriod(
                 "monthly", at("2026-12-31T23:59:59.999999Z"))) ==
             "2027-01-01T00:00:00.000000Z");
  BOOST_TEST(
      FormatRfc3339(NextCreditPeriod("monthly", at("2028-02-29T12:00:00Z"))) ==
      "2028-03-01T00:00:00.000000Z");
}

BOOST_AUTO_TEST_CASE(BlocksGrowWhenSpentFastAndStaySmallWhenFewRemain) {
  const Micros fast = kMicrosPerSecond / 10;
  const Micros slow = 120 * kMicrosPerSecond;
  std::string sizes;
  for (auto [available, last_block, age] :
       std::vector<std::tuple<int64_t, int64_t, Micros>>{
           {1000, 0, 0},
           {1000, 1, fast},
           {1000, 8, fast},
           {1000, 8, 5 * kMicrosPerSecond},
           {1000, 8, slow},
           {10, 8, fast},
           {3, 8, fast},
           {kMaxCredits, kMaxCreditBlock, fast},
           {kMaxCredits, 0, 0},
           {100'000, 0, 0}}) {
    sizes += std::to_string(CreditBlockSize(available, last_block, age)) + " ";
  }
  BOOST_TEST(sizes == "1 2 16 8 4 2 1 10000 10000 100 ");
}

BOOST_AUTO_TEST_CASE(CheckCreditsNamesTheBadField) {
  std::string fields;
  for (const Credits& credits :
       {Credits{-1, std::nullopt}, Credits{kMaxCredits + 1, std::nullopt},
        Credits{std::nullopt, CreditRefill{1, "daily"}},
        Credits{1, CreditRefill{0, "daily"}},
        Credits{1, CreditRefill{1, "hourly"}}, Credits{0, std::nullopt},
        Credits{std::nullopt, std::nullopt}}) {
    FieldErrors errors;
    CheckCredits(errors, credits);
    Status status = errors.ToStatus();
    fields += status.ok() ? "ok" : status.error().fields.front().field;
    fields += " ";
  }
  BOOST_TEST(fields ==
             "credits.remaining credits.remaining credits.refill "
             "credits.refill.amount credits.refill.interval ok ok ");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail
