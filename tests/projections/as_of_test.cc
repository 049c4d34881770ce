#include "projections/as_of.h"

#include <boost/test/unit_test.hpp>
#include <string>

#include "tests/projections/fixtures.h"
#include "tests/support/memory_event_store.h"

namespace keytrail::projections {
namespace {

using test::AppendEvent;
using test::At;

std::string NameAsOf(PointInTimeViews& views, const AsOf& as_of) {
  Result<std::shared_ptr<const Views>> at = views.ViewsAsOf(as_of);
  if (!at.ok()) return "error";
  const TokenState* token = (*at)->token("tok_1");
  return token != nullptr ? token->name : "none";
}

BOOST_AUTO_TEST_SUITE(AsOfTest)

BOOST_AUTO_TEST_CASE(AsOfShowsARenamedTokensOldNameAtTheEarlierSeqAndTime) {
  test::MemoryEventStore store;
  AppendEvent(store, test::Account("acme"), At(0));
  uint64_t created = AppendEvent(
      store, test::Token("tok_1", "acme", "old", {}, test::Sha('a')), At(10));
  uint64_t renamed =
      AppendEvent(store, test::Rename("tok_1", "acme", "new", {}), At(20));
  PointInTimeViews views(store);
  std::string rendered = NameAsOf(views, AsOf::Seq(created)) + " " +
                         NameAsOf(views, AsOf::Seq(renamed)) + " " +
                         NameAsOf(views, AsOf::Seq(1)) + " " +
                         NameAsOf(views, AsOf::Time(At(15))) + " " +
                         NameAsOf(views, AsOf::Time(At(20))) + " " +
                         NameAsOf(views, AsOf::Time(At(5))) + " " +
                         NameAsOf(views, AsOf::Time(At(10) - 1)) + " " +
                         NameAsOf(views, AsOf::Seq(renamed + 1));
  BOOST_TEST(rendered == "old new none old new none none error");
}

BOOST_AUTO_TEST_CASE(AsOfCachesRecentResultsBySeq) {
  test::MemoryEventStore store;
  uint64_t head = test::AppendLife(store, "acme", 10);
  PointInTimeViews views(store);
  Result<std::shared_ptr<const Views>> first = views.ViewsAsOf(AsOf::Seq(7));
  Result<std::shared_ptr<const Views>> again = views.ViewsAsOf(AsOf::Seq(7));
  Result<std::shared_ptr<const Views>> later = views.ViewsAsOf(AsOf::Seq(head));
  Result<std::shared_ptr<const Views>> by_time =
      views.ViewsAsOf(AsOf::Time(At(1000)));
  BOOST_REQUIRE((first.ok() && again.ok() && later.ok() && by_time.ok()));
  BOOST_TEST(first->get() == again->get());
  BOOST_TEST(by_time->get() == later->get());
  BOOST_TEST((*later)->applied_seq() == head);
}

BOOST_AUTO_TEST_CASE(AsOfFromANearerCachedPointEqualsAFoldFromScratch) {
  test::MemoryEventStore store;
  uint64_t head = test::AppendLife(store, "acme", 30);
  PointInTimeViews warm(store);
  BOOST_REQUIRE(warm.ViewsAsOf(AsOf::Seq(head / 3)).ok());
  Result<std::shared_ptr<const Views>> incremental =
      warm.ViewsAsOf(AsOf::Seq(head - 2));
  PointInTimeViews cold(store);
  Result<std::shared_ptr<const Views>> scratch =
      cold.ViewsAsOf(AsOf::Seq(head - 2));
  BOOST_REQUIRE((incremental.ok() && scratch.ok()));
  BOOST_TEST(((*incremental)->Serialize() == (*scratch)->Serialize()));
}

BOOST_AUTO_TEST_CASE(ParseAsOfAcceptsASeqOrATimeAndRejectsJunk) {
  std::string rendered;
  for (const char* text :
       {"0", "42", "18446744073709551615", "2026-11-24T10:00:00Z",
        "2026-11-24T11:00:00.5+01:00", "18446744073709551616", "-1", "+5",
        "12abc", "", " 1", "1 ", "0x10", "2026-13-01T00:00:00Z", "yesterday",
        "1e3"}) {
    Result<AsOf> as_of = ParseAsOf(text);
    if (!as_of.ok()) {
      rendered += "invalid ";
    } else if (as_of->kind == AsOf::Kind::kSeq) {
      rendered += "seq:" + std::to_string(as_of->seq) + " ";
    } else {
      rendered += "time:" + FormatRfc3339(as_of->time) + " ";
    }
  }
  BOOST_TEST(rendered ==
             "seq:0 seq:42 seq:18446744073709551615 "
             "time:2026-11-24T10:00:00.000000Z "
             "time:2026-11-24T10:00:00.500000Z invalid invalid invalid "
             "invalid invalid invalid invalid invalid invalid invalid "
             "invalid ");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail::projections
