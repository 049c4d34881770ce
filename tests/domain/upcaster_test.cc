#include "domain/upcaster.h"

#include <boost/test/unit_test.hpp>

#include "domain/event_codec.h"
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

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail
