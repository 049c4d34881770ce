// Every event names its actor: what keytrail does on its own behalf (the
// first start's operator bootstrap, `operator-token --rotate`) is recorded
// with the actor token "system", over HTTP (/v1/audit) and in a real
// RocksDB store.
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>
#include <string>

#include "base/os_random.h"
#include "domain/types.h"
#include "base/clock.h"
#include "app/command_runner.h"
#include "app/operator_token.h"
#include "routes/keytrail_service.h"
#include "projections/projection_engine.h"
#include "tests/support/api.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_server.h"

namespace keytrail::test {
namespace {

BOOST_AUTO_TEST_SUITE(SystemActor)

BOOST_FIXTURE_TEST_CASE(FirstStartEventsNameTheSystemActor, TestServer) {
  Api api(Client(), operator_secret());
  ClientResponse page = api.Call("GET", "/v1/audit?limit=10");
  BOOST_TEST_REQUIRE(page.status == 200, page.body);
  std::string rendered;
  const boost::json::value body = page.Json();
  for (const boost::json::value& item : body.at("items").as_array()) {
    rendered += std::string(item.at("type").as_string()) + ":" +
                boost::json::serialize(item.at("actor")) + " ";
  }
  const std::string system = R"({"ip":null,"token":"system","user":null} )";
  BOOST_TEST(rendered == "AccountCreated:" + system + "GroupCreated:" + system +
                             "TokenCreated:" + system);
}

BOOST_AUTO_TEST_CASE(RotationEventsNameTheSystemActor) {
  TempDir dir;
  {
    http::ServiceOptions options;
    options.data_dir = dir.path();
    auto service = http::KeytrailService::Open(options);
    BOOST_TEST_REQUIRE(service.ok());
    BOOST_TEST_REQUIRE((*service)->Close().ok());
  }
  eventstore::EventStoreOptions options;
  options.create_if_missing = false;
  auto store =
      eventstore::EventStore::Open(options, (dir.path() / "store").string());
  BOOST_TEST_REQUIRE(store.ok());
  auto engine = projections::ProjectionEngine::Start(**store, {});
  BOOST_TEST_REQUIRE(engine.ok());
  SystemClock clock;
  OsRandom random;
  app::CommandRunner runner(**store, **engine, clock);
  BOOST_TEST_REQUIRE(app::RotateOperatorToken(runner, random).ok());
  BOOST_TEST((*engine)->Stop().ok());
  auto events = (*store)->ReadAll(1, 100);
  BOOST_TEST_REQUIRE(events.ok());
  BOOST_TEST(events->size() == 5u);  // 3 bootstrap, create, revoke
  for (const eventstore::RecordedEvent& event : *events) {
    BOOST_TEST(event.actor.token_id == kSystemActorToken, event.type);
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail::test
