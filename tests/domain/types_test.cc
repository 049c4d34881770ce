#include "domain/types.h"

#include <boost/test/unit_test.hpp>

namespace keytrail {
namespace {

BOOST_AUTO_TEST_SUITE(TypesTest)

// docs/api.md §3: the strings of the JSON resources.
BOOST_AUTO_TEST_CASE(EnumsRoundTripThroughTheirApiStrings) {
  for (auto v : {SecretVisibility::kOnce, SecretVisibility::kRevealable}) {
    BOOST_TEST((ParseSecretVisibility(ToString(v)) == v));
  }
  for (auto v : {GroupType::kApi, GroupType::kUser}) {
    BOOST_TEST((ParseGroupType(ToString(v)) == v));
  }
  for (auto v : {TokenKind::kGroup, TokenKind::kPersonal}) {
    BOOST_TEST((ParseTokenKind(ToString(v)) == v));
  }
  for (auto v :
       {TokenStatus::kActive, TokenStatus::kDisabled, TokenStatus::kRevoked}) {
    BOOST_TEST((ParseTokenStatus(ToString(v)) == v));
  }
  BOOST_TEST(ToString(SecretVisibility::kRevealable) == "revealable");
  BOOST_TEST(ToString(GroupType::kApi) == "api");
  BOOST_TEST(ToString(TokenKind::kPersonal) == "personal");
  BOOST_TEST(ToString(TokenStatus::kDisabled) == "disabled");
  BOOST_TEST(!ParseGroupType("API").has_value());
  BOOST_TEST(!ParseSecretVisibility("").has_value());
  BOOST_TEST(!ParseTokenStatus("expired").has_value());  // derived, not stored
}

// state.h: created_by is the acting user if any, else the token.
BOOST_AUTO_TEST_CASE(ActorIdPrefersTheUser) {
  BOOST_TEST(ActorId(Actor{"tok_1", "usr_1", "10.0.0.1"}) == "usr_1");
  BOOST_TEST(ActorId(Actor{"tok_1", "", ""}) == "tok_1");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail
