#include "projections/new_event.h"

#include <boost/test/unit_test.hpp>
#include <string>

#include "domain/event_codec.h"

namespace keytrail::projections {
namespace {

BOOST_AUTO_TEST_SUITE(NewEventTest)

BOOST_AUTO_TEST_CASE(ToNewEventEncodesTheEventWithAFreshIdAndItsMetadata) {
  TokenRevoked revoked;
  revoked.token_id = "tok_1";
  revoked.account_id = "acme";
  const Actor actor{"tok_admin", "usr_ana", "10.0.0.7"};
  eventstore::NewEvent first = ToNewEvent(revoked, 42, actor, "key-1");
  eventstore::NewEvent second = ToNewEvent(revoked, 43, actor);

  const EncodedEvent encoded = EncodeEvent(revoked);
  BOOST_TEST(first.type == "TokenRevoked");
  BOOST_TEST(first.schema_version == encoded.schema_version);
  BOOST_TEST(first.payload == encoded.payload);
  BOOST_TEST(first.data_json == encoded.data_json);
  BOOST_TEST(first.time == 42);
  BOOST_TEST(first.actor.token_id == "tok_admin");
  BOOST_TEST(first.actor.user_id == "usr_ana");
  BOOST_TEST(first.actor.ip == "10.0.0.7");
  BOOST_TEST(first.idempotency_key == "key-1");
  BOOST_TEST(second.idempotency_key.empty());
  BOOST_TEST(first.id.size() == 36u);
  BOOST_TEST(first.id != second.id);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail::projections
