#include "domain/event_codec.h"

#include <boost/test/unit_test.hpp>
#include <set>

#include "domain/event_json.h"
#include "domain/payload.h"
#include "tests/domain/test_state.h"

namespace keytrail {
namespace {

using testing::FakeRandom;
using testing::kNow;

constexpr Micros kSecond = kMicrosPerSecond;

struct Sample {
  Event event;
  std::string stream;
  std::string json;  // expected JCS of EventData(event)
};

// One sample of every event type (docs/api.md §7), with its stream and its
// canonical JSON written out by hand.
std::vector<Sample> Samples() {
  return {
      {AccountCreated{"acme", "Acme", Plan{"pro", true, 1},
                      AccountSettings{90, SecretVisibility::kRevealable}},
       "account-acme",
       R"({"account_id":"acme","name":"Acme","plan":{"api_access":true,)"
       R"("max_active_tokens":1,"name":"pro"},"settings":)"
       R"({"default_token_ttl_days":90,"secret_visibility":"revealable"}})"},
      {AccountPlanChanged{"acme", Plan{"free", false, std::nullopt}},
       "account-acme",
       R"({"account_id":"acme","plan":{"api_access":false,)"
       R"("max_active_tokens":null,"name":"free"}})"},
      {AccountSettingsChanged{"acme", AccountSettings{}}, "account-acme",
       R"({"account_id":"acme","settings":{"default_token_ttl_days":null,)"
       R"("secret_visibility":"once"}})"},
      {AccountExpiryPolicyChanged{"acme", 90}, "account-acme",
       R"({"account_id":"acme","max_token_ttl_days":90})"},
      {AccountTokenPrefixChanged{"acme", "acme_"}, "account-acme",
       R"({"account_id":"acme","token_prefix":"acme_"})"},
      {WebhookSubscribed{"acme", "whk_1", "https://a.test/", {"token.created"}},
       "account-acme",
       R"({"account_id":"acme","events":["token.created"],)"
       R"("url":"https://a.test/","webhook_id":"whk_1"})"},
      {WebhookUnsubscribed{"acme", "whk_1"}, "account-acme",
       R"({"account_id":"acme","webhook_id":"whk_1"})"},
      {GroupCreated{
           "grp_1", "acme", "ERP", GroupType::kApi, {"*", "contacts:read"}},
       "group-grp_1",
       R"({"account_id":"acme","group_id":"grp_1","name":"ERP",)"
       R"("permissions":["*","contacts:read"],"type":"api"})"},
      {GroupUpdated{"grp_1", "acme", "ERP 2", {}}, "group-grp_1",
       R"({"account_id":"acme","group_id":"grp_1","name":"ERP 2",)"
       R"("permissions":[]})"},
      {GroupDeleted{"grp_1", "acme"}, "group-grp_1",
       R"({"account_id":"acme","group_id":"grp_1"})"},
      {GroupRateLimitChanged{"grp_1", "acme", RateLimit{100, 60'000}},
       "group-grp_1",
       R"({"account_id":"acme","group_id":"grp_1",)"
       R"("rate_limit":{"limit":100,"window_ms":60000}})"},
      {GroupBoundCidrsChanged{"grp_1", "acme", {"10.0.0.0/8"}}, "group-grp_1",
       R"({"account_id":"acme","bound_cidrs":["10.0.0.0/8"],)"
       R"("group_id":"grp_1"})"},
      {UserCreated{"usr_1",
                   "acme",
                   "ana@acme.test",
                   "Ana",
                   {"grp_2"},
                   {"api_per_user"}},
       "user-usr_1",
       R"({"account_id":"acme","email":"ana@acme.test","groups":["grp_2"],)"
       R"("licenses":["api_per_user"],"name":"Ana","user_id":"usr_1"})"},
      {UserUpdated{"usr_1", "acme", "", {}, {}}, "user-usr_1",
       R"({"account_id":"acme","groups":[],"licenses":[],"name":null,)"
       R"("user_id":"usr_1"})"},
      {UserDeactivated{"usr_1", "acme"}, "user-usr_1",
       R"({"account_id":"acme","user_id":"usr_1"})"},
      {UserActivated{"usr_1", "acme"}, "user-usr_1",
       R"({"account_id":"acme","user_id":"usr_1"})"},
      {TokenCreated{"tok_1",
                    "acme",
                    "ERP sync",
                    "",
                    TokenKind::kGroup,
                    {"grp_1"},
                    "",
                    kNow + 86400 * kSecond,
                    "ab12",
                    "WXYZ"},
       "token-tok_1",
       R"({"account_id":"acme","description":null,)"
       R"("expires_at":"2026-11-25T10:00:00.000000Z","groups":["grp_1"],)"
       R"("kind":"group","last4":"WXYZ","name":"ERP sync",)"
       R"("secret_sha256":"ab12","token_id":"tok_1","user_id":null})"},
      {TokenCreated{"tok_2",
                    "acme",
                    "CLI",
                    "Ana's \"CLI\"\n",
                    TokenKind::kPersonal,
                    {},
                    "usr_1",
                    std::nullopt,
                    "cd34",
                    "ABCD"},
       "token-tok_2",
       R"({"account_id":"acme","description":"Ana's \"CLI\"\n",)"
       R"("expires_at":null,"groups":[],"kind":"personal","last4":"ABCD",)"
       R"("name":"CLI","secret_sha256":"cd34","token_id":"tok_2",)"
       R"("user_id":"usr_1"})"},
      {TokenPrefixAssigned{"tok_1", "acme", "acme_live_", "live"},
       "token-tok_1",
       R"({"account_id":"acme","environment":"live",)"
       R"("secret_prefix":"acme_live_","token_id":"tok_1"})"},
      {TokenUpdated{
           "tok_1", "acme", "ERP", "sync", std::nullopt, {"grp_1", "grp_3"}},
       "token-tok_1",
       R"({"account_id":"acme","description":"sync","expires_at":null,)"
       R"("groups":["grp_1","grp_3"],"name":"ERP","token_id":"tok_1"})"},
      {TokenRegenerated{"tok_1", "acme", "ef56", "EFGH", kNow + 3600 * kSecond},
       "token-tok_1",
       R"({"account_id":"acme","last4":"EFGH",)"
       R"("previous_valid_until":"2026-11-24T11:00:00.000000Z",)"
       R"("secret_sha256":"ef56","token_id":"tok_1"})"},
      {TokenExpiryExtended{"tok_1", "acme", kNow + 3600 * kSecond},
       "token-tok_1",
       R"({"account_id":"acme","expires_at":"2026-11-24T11:00:00.000000Z",)"
       R"("token_id":"tok_1"})"},
      {TokenMetadataChanged{"tok_1", "acme", R"({"n":[1],"plan":"gold"})"},
       "token-tok_1",
       R"({"account_id":"acme","metadata":{"n":[1],"plan":"gold"},)"
       R"("token_id":"tok_1"})"},
      {TokenBoundCidrsChanged{"tok_1", "acme", {"2001:db8::/32"}},
       "token-tok_1",
       R"({"account_id":"acme","bound_cidrs":["2001:db8::/32"],)"
       R"("token_id":"tok_1"})"},
      {TokenRateLimitChanged{"tok_1", "acme", RateLimit{5, 1'000},
                             "customer-42"},
       "token-tok_1",
       R"({"account_id":"acme","identity":"customer-42",)"
       R"("rate_limit":{"limit":5,"window_ms":1000},"token_id":"tok_1"})"},
      {TokenCreditsChanged{"tok_1", "acme", 100, CreditRefill{100, "daily"}},
       "token-tok_1",
       R"({"account_id":"acme","refill":{"amount":100,"interval":"daily"},)"
       R"("remaining":100,"token_id":"tok_1"})"},
      {CreditsLeased{"tok_1", "acme", "lse_1", "node-a", 10, 1, std::nullopt},
       "token-tok_1",
       R"({"account_id":"acme","amount":10,"credits_version":1,)"
       R"("lease_id":"lse_1","node":"node-a","period":null,)"
       R"("token_id":"tok_1"})"},
      {CreditsReturned{"tok_1", "acme", "lse_1", "node-a", 4, 1, kNow},
       "token-tok_1",
       R"({"account_id":"acme","amount":4,"credits_version":1,)"
       R"("lease_id":"lse_1","node":"node-a","period":)"
       R"("2026-11-24T10:00:00.000000Z","token_id":"tok_1"})"},
      {TokenRevealed{"tok_1", "acme"}, "token-tok_1",
       R"({"account_id":"acme","token_id":"tok_1"})"},
      {TokenLookedUp{"tok_1", "acme", "previous"}, "token-tok_1",
       R"({"account_id":"acme","secret_role":"previous","token_id":"tok_1"})"},
      {TokenExpiring{"tok_1", "acme", kNow + 86400 * kSecond, 7}, "token-tok_1",
       R"({"account_id":"acme","expires_at":"2026-11-25T10:00:00.000000Z",)"
       R"("token_id":"tok_1","within_days":7})"},
      {TokenDisabled{"tok_1", "acme", "manual"}, "token-tok_1",
       R"({"account_id":"acme","reason":"manual","token_id":"tok_1"})"},
      {TokenEnabled{"tok_1", "acme"}, "token-tok_1",
       R"({"account_id":"acme","token_id":"tok_1"})"},
      {TokenRevoked{"tok_1", "acme"}, "token-tok_1",
       R"({"account_id":"acme","token_id":"tok_1"})"},
      {TokenUsed{"tok_1", "acme", "203.0.113.7", 3, kNow, kNow + 250000, ""},
       "token-tok_1",
       R"({"account_id":"acme","count":3,)"
       R"("first_at":"2026-11-24T10:00:00.000000Z","ip":"203.0.113.7",)"
       R"("last_at":"2026-11-24T10:00:00.250000Z","token_id":"tok_1"})"},
      {TokenUseRejected{"tok_1", "acme", "REVOKED", "", 1, kNow, kNow, ""},
       "token-tok_1",
       R"({"account_id":"acme","code":"REVOKED","count":1,)"
       R"("first_at":"2026-11-24T10:00:00.000000Z","ip":null,)"
       R"("last_at":"2026-11-24T10:00:00.000000Z","token_id":"tok_1"})"},
      {UnknownTokenRejected{"198.51.100.1", 7, kNow, kNow + 999999, ""},
       "_system",
       R"({"count":7,"first_at":"2026-11-24T10:00:00.000000Z",)"
       R"("ip":"198.51.100.1","last_at":"2026-11-24T10:00:00.999999Z"})"},
      {GrantAdded{"grt_1", "acme", "tok_9", "globex", {"grp_1"}}, "grant-grt_1",
       R"({"account_id":"acme","grant_id":"grt_1","groups":["grp_1"],)"
       R"("token_account_id":"globex","token_id":"tok_9"})"},
      {GrantRemoved{"grt_1", "acme"}, "grant-grt_1",
       R"({"account_id":"acme","grant_id":"grt_1"})"},
      {ConsoleSignedIn{"cs_1", "acme", "tok_1", "", "ab", "cd", kNow, 1800},
       "session-cs_1",
       R"({"account_id":"acme","expires_at":"2026-11-24T10:00:00.000000Z",)"
       R"("idle_seconds":1800,"session_id":"cs_1","session_sha256":"ab",)"
       R"("token_id":"tok_1","token_secret_sha256":"cd","user_id":null})"},
      {ConsoleSessionTouched{"cs_1", "acme"}, "session-cs_1",
       R"({"account_id":"acme","session_id":"cs_1"})"},
      {ConsoleSignedOut{"cs_1", "acme", "sign_out"}, "session-cs_1",
       R"({"account_id":"acme","reason":"sign_out","session_id":"cs_1"})"},
      {ConsoleSignInFailed{"acme", "REVOKED"}, "_system",
       R"({"reason":"REVOKED","token_account_id":"acme"})"},
  };
}

BOOST_AUTO_TEST_SUITE(EventCodecTest)

BOOST_AUTO_TEST_CASE(SamplesCoverEveryEventType) {
  std::set<std::string_view> types;
  for (const Sample& sample : Samples()) types.insert(EventType(sample.event));
  BOOST_TEST(types.size() == std::variant_size_v<Event>);
}

// docs/api.md §5/§7: the data object is RFC 8785 canonical JSON.
BOOST_AUTO_TEST_CASE(EventDataIsCanonicalJson) {
  for (const Sample& sample : Samples()) {
    BOOST_TEST(EventData(sample.event).Serialize() == sample.json,
               EventType(sample.event));
  }
}

// docs/api.md §7: one stream per aggregate; unknown secrets go to _system.
BOOST_AUTO_TEST_CASE(EveryEventNamesItsStreamAndAccount) {
  for (const Sample& sample : Samples()) {
    BOOST_TEST(StreamOf(sample.event) == sample.stream);
    const bool system = sample.stream == "_system";
    BOOST_TEST(AccountOf(sample.event) == (system ? "_system" : "acme"));
  }
}

BOOST_AUTO_TEST_CASE(EveryEventRoundTripsThroughCereal) {
  for (const Sample& sample : Samples()) {
    const EncodedEvent encoded = EncodeEvent(sample.event);
    BOOST_TEST(encoded.type == EventType(sample.event));
    BOOST_TEST(encoded.schema_version ==
               std::visit([](const auto& e) { return e.kSchemaVersion; },
                          sample.event));
    BOOST_TEST(encoded.data_json == sample.json);
    Result<Event> decoded =
        DecodeEvent(encoded.type, encoded.schema_version, encoded.payload);
    BOOST_REQUIRE_MESSAGE(decoded.ok(), encoded.type);
    BOOST_TEST((*decoded == sample.event), encoded.type);
  }
}

// Decoding over an event of another type, or of the same type with longer
// strings, more groups and set optionals, leaves exactly the decoded event.
BOOST_AUTO_TEST_CASE(DecodeEventIntoLeavesNothingOfWhatTheEventHeld) {
  std::vector<Event> held;
  for (const Sample& sample : Samples()) held.push_back(sample.event);
  held.push_back(TokenUsed{"tok_with_a_much_longer_id_than_1",
                           "an-account-with-a-long-name", "2001:db8::1", 99,
                           kNow - kSecond, kNow + kSecond, "node-b"});
  held.push_back(TokenCreated{"tok_with_a_much_longer_id_than_1",
                              "an-account-with-a-long-name",
                              "A long token name, longer than the sample's",
                              "A description",
                              TokenKind::kPersonal,
                              {"grp_1", "grp_2", "grp_3", "grp_4"},
                              "usr_someone",
                              kNow + 7 * kSecond,
                              std::string(64, 'f'),
                              "WXYZ"});
  for (const Sample& sample : Samples()) {
    const EncodedEvent encoded = EncodeEvent(sample.event);
    for (const Event& before : held) {
      Event event = before;
      BOOST_REQUIRE(DecodeEventInto(encoded.type, encoded.schema_version,
                                    encoded.payload, BuiltinUpcasters(), &event)
                        .ok());
      BOOST_TEST((event == sample.event),
                 encoded.type << " over " << EventType(before));
    }
  }
}

BOOST_AUTO_TEST_CASE(UnknownTypeAndNewerVersionAreCorruption) {
  const EncodedEvent encoded = EncodeEvent(TokenRevoked{"tok_1", "acme"});
  BOOST_TEST(testing::CodeOf(DecodeEvent("TokenExploded", 1,
                                         encoded.payload)) == "CORRUPTION");
  BOOST_TEST(testing::CodeOf(DecodeEvent("TokenRevoked", 2, encoded.payload)) ==
             "CORRUPTION");
  // No upcaster is registered for a version 0.
  BOOST_TEST(testing::CodeOf(DecodeEvent("TokenRevoked", 0, encoded.payload)) ==
             "CORRUPTION");
}

BOOST_AUTO_TEST_CASE(TruncatedAndTrailingBytesAreCorruption) {
  for (const Sample& sample : Samples()) {
    const EncodedEvent encoded = EncodeEvent(sample.event);
    for (size_t n = 0; n < encoded.payload.size(); ++n) {
      Result<Event> decoded = DecodeEvent(encoded.type, encoded.schema_version,
                                          encoded.payload.substr(0, n));
      BOOST_TEST(testing::CodeOf(decoded) == "CORRUPTION");
    }
    BOOST_TEST(testing::CodeOf(DecodeEvent(encoded.type, encoded.schema_version,
                                           encoded.payload + "x")) ==
               "CORRUPTION");
  }
}

// A forged length must not allocate: the reader refuses any count larger
// than the bytes left before a container is resized.
BOOST_AUTO_TEST_CASE(HugeLengthPrefixIsRefusedWithoutAllocating) {
  std::string payload;
  PayloadWriter writer(payload);
  writer(uint64_t{0x7FFFFFFFFFFFFFFF});
  payload += "grp_1";
  BOOST_TEST(testing::CodeOf(DecodeEvent("GroupDeleted", 1, payload)) ==
             "CORRUPTION");
}

BOOST_AUTO_TEST_CASE(OutOfRangeEnumAndBoolAreCorruption) {
  EncodedEvent encoded =
      EncodeEvent(GroupCreated{"g", "a", "n", GroupType::kUser, {}});
  // Layout: 3 strings of 1 byte (8 + 1 each), then the type byte.
  BOOST_REQUIRE(encoded.payload[27] == 1);
  encoded.payload[27] = 7;
  BOOST_TEST(testing::CodeOf(DecodeEvent(encoded.type, 1, encoded.payload)) ==
             "CORRUPTION");
  encoded = EncodeEvent(AccountPlanChanged{"a", Plan{"p", true, {}}});
  // Layout: "a" (9), "p" (9), then api_access.
  BOOST_REQUIRE(encoded.payload[18] == 1);
  encoded.payload[18] = 2;
  BOOST_TEST(testing::CodeOf(DecodeEvent(encoded.type, 1, encoded.payload)) ==
             "CORRUPTION");
}

BOOST_AUTO_TEST_CASE(ArbitraryBytesNeverCrash) {
  FakeRandom random(7);
  size_t decoded = 0;
  for (const Sample& sample : Samples()) {
    const std::string type(EventType(sample.event));
    for (int i = 0; i < 300; ++i) {
      uint8_t size = 0;
      random.Fill(&size, 1);
      std::string bytes(size % 64, '\0');
      random.Fill(reinterpret_cast<uint8_t*>(bytes.data()), bytes.size());
      Result<Event> event = DecodeEvent(type, 1, bytes);
      if (event.ok())
        ++decoded;
      else
        BOOST_TEST(testing::CodeOf(event) == "CORRUPTION");
    }
  }
  BOOST_TEST_MESSAGE("random payloads that decoded: " << decoded);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail
