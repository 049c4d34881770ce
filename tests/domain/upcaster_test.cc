#include "domain/upcaster.h"

#include <boost/test/unit_test.hpp>

#include "domain/event_codec.h"
#include "domain/event_json.h"
#include "domain/payload.h"
#include "tests/domain/test_state.h"

namespace keytrail {
namespace {

// docs/api.md §7: "a schema change adds a version and an upcaster". A pretend
// history: version 0 of TokenDisabled had no `reason`; every disable then
// was an admin's, so the upcaster fills in "manual".
struct TokenDisabledV0 {
  std::string token_id;
  std::string account_id;
};

template <typename Archive>
void serialize(Archive& ar, TokenDisabledV0& event) {
  ar(event.token_id, event.account_id);
}

Result<std::string> TokenDisabledV0ToV1(std::string_view payload) {
  Result<TokenDisabledV0> old = DecodePayload<TokenDisabledV0>(payload);
  if (!old.ok()) return old.error();
  return EncodePayload(TokenDisabled{old->token_id, old->account_id, "manual"});
}

BOOST_AUTO_TEST_SUITE(UpcasterTest)

BOOST_AUTO_TEST_CASE(OldPayloadIsReadAsTheCurrentVersion) {
  UpcasterRegistry upcasters = BuiltinUpcasters();
  upcasters.Register("TokenDisabled", 0, TokenDisabledV0ToV1);
  const std::string v0 = EncodePayload(TokenDisabledV0{"tok_1", "acme"});

  Result<Event> event = DecodeEvent("TokenDisabled", 0, v0, upcasters);
  BOOST_REQUIRE(event.ok());
  BOOST_TEST((*event == Event(TokenDisabled{"tok_1", "acme", "manual"})));

  // Current payloads do not go through the upcaster.
  const EncodedEvent v1 = EncodeEvent(TokenDisabled{"tok_1", "acme", "plan"});
  event = DecodeEvent("TokenDisabled", 1, v1.payload, upcasters);
  BOOST_REQUIRE(event.ok());
  BOOST_TEST(std::get<TokenDisabled>(*event).reason == "plan");
}

BOOST_AUTO_TEST_CASE(WithoutTheUpcasterAnOldPayloadIsCorruption) {
  const std::string v0 = EncodePayload(TokenDisabledV0{"tok_1", "acme"});
  BOOST_TEST(testing::CodeOf(DecodeEvent("TokenDisabled", 0, v0)) ==
             "CORRUPTION");
}

BOOST_AUTO_TEST_CASE(BadOldBytesAreCorruption) {
  UpcasterRegistry upcasters;
  upcasters.Register("TokenDisabled", 0, TokenDisabledV0ToV1);
  BOOST_TEST(testing::CodeOf(DecodeEvent("TokenDisabled", 0, "\x05",
                                         upcasters)) == "CORRUPTION");
}

BOOST_AUTO_TEST_CASE(StepsChainInOrderAndAGapIsCorruption) {
  UpcasterRegistry upcasters;
  for (uint32_t v : {1u, 2u, 3u}) {
    upcasters.Register("Fake", v, [v](std::string_view payload) {
      return Result<std::string>(std::string(payload) + std::to_string(v));
    });
  }
  Result<std::string> out = upcasters.Upcast("Fake", 1, 4, "x");
  BOOST_REQUIRE(out.ok());
  BOOST_TEST(*out == "x123");
  BOOST_TEST(testing::CodeOf(upcasters.Upcast("Fake", 0, 4, "x")) ==
             "CORRUPTION");
  BOOST_TEST(testing::CodeOf(upcasters.Upcast("Other", 1, 2, "x")) ==
             "CORRUPTION");
}

// The real history: TokenUsed v1 had no `node`. A v1 payload (the fields
// of v2 but the last) decodes with node "" and renders the JSON it was
// logged with, so its leaf hash still verifies; a named node shows.
struct TokenUsedV1 {
  std::string token_id, account_id, ip;
  int64_t count;
  Micros first_at, last_at;
};

template <typename Archive>
void serialize(Archive& ar, TokenUsedV1& event) {
  ar(event.token_id, event.account_id, event.ip, event.count, event.first_at,
     event.last_at);
}

BOOST_AUTO_TEST_CASE(UsageEventsOfV1ReadAsV2WithTheirJsonUnchanged) {
  const std::string v1 =
      EncodePayload(TokenUsedV1{"tok_1", "acme", "10.0.0.1", 3, 5, 9});
  Result<Event> event = DecodeEvent("TokenUsed", 1, v1);
  BOOST_REQUIRE(event.ok());
  const TokenUsed& used = std::get<TokenUsed>(*event);
  BOOST_TEST(used.count == 3);
  BOOST_TEST(used.last_at == 9);
  BOOST_TEST(used.node.empty());
  const std::string json = EventData(*event).Serialize();
  BOOST_TEST(json.find("node") == std::string::npos, json);

  TokenUsed named = used;
  named.node = "node-b";
  BOOST_TEST(EventData(Event(named)).Serialize().find("\"node\":\"node-b\"") !=
             std::string::npos);
  for (std::string_view type :
       {TokenUseRejected::kType, UnknownTokenRejected::kType}) {
    BOOST_TEST(testing::CodeOf(DecodeEvent(type, 1, "\x05")) == "CORRUPTION");
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail
