// Prefixes of secrets (docs/api.md "Prefixes"): an account's token_prefix
// and a token's environment replace kt_, keep the checksum and the
// scanner-friendly shape, and stay with the token for life.
#include <boost/test/unit_test.hpp>

#include "base/base62.h"
#include "domain/secret.h"
#include "domain/token_commands.h"
#include "tests/domain/test_state.h"

namespace keytrail {
namespace {

using testing::CodeOf;
using testing::FakeRandom;

BOOST_AUTO_TEST_SUITE(SecretPrefixTest)

BOOST_AUTO_TEST_CASE(APrefixedSecretKeepsTheShapeAndTheChecksum) {
  FakeRandom random;
  const std::string secret = GenerateSecret(random, "acme_live_");
  BOOST_TEST(secret.size() == 10u + kSecretBodyChars);
  BOOST_TEST(SecretPrefixOf(secret) == "acme_live_");
  for (char c : secret.substr(10)) BOOST_TEST(IsBase62(c));
  BOOST_TEST((CheckSecretFormat(secret) == SecretFormat::kOk));
  std::string checksum;
  AppendBase62Fixed(checksum, Crc32(secret.substr(0, secret.size() - 6)), 6);
  BOOST_TEST(secret.substr(secret.size() - 6) == checksum);
  // The checksum covers the prefix: the body under another prefix fails.
  BOOST_TEST((CheckSecretFormat("acme_test_" + secret.substr(10)) ==
              SecretFormat::kBadChecksum));
}

BOOST_AUTO_TEST_CASE(PrefixGrammar) {
  std::string verdicts;
  for (const char* prefix : {"kt_", "acme_", "acme_live_", "a1_test_", "_kt_",
                             "kt", "Acme_", "acme__", "ac-me_", "a"}) {
    verdicts += IsValidSecretPrefix(prefix) ? "1" : "0";
  }
  BOOST_TEST(verdicts == "1111000000");
  BOOST_TEST(IsValidSecretPrefix(std::string(31, 'a') + "_"));
  BOOST_TEST(!IsValidSecretPrefix(std::string(32, 'a') + "_"));
  verdicts.clear();
  for (const char* prefix : {"acme_", "a_", "0day_", "acme", "acme_live_",
                             "Acme_", "_", "acme-co_"}) {
    verdicts += IsValidAccountTokenPrefix(prefix) ? "1" : "0";
  }
  BOOST_TEST(verdicts == "11100000");
  BOOST_TEST(IsValidAccountTokenPrefix(std::string(16, 'a') + "_"));
  BOOST_TEST(!IsValidAccountTokenPrefix(std::string(17, 'a') + "_"));
  BOOST_TEST(SecretPrefixFor("", "") == "kt_");
  BOOST_TEST(SecretPrefixFor("", "test") == "kt_test_");
  BOOST_TEST(SecretPrefixFor("acme_", "live") == "acme_live_");
  BOOST_TEST(Masked("acme_live_", "Q7rT") == "acme_live_\u2026Q7rT");
  BOOST_TEST(Masked("", "Q7rT") == "kt_\u2026Q7rT");
}

struct PrefixFixture : testing::DomainFixture {
  std::string api;
  PrefixFixture() {
    Account("acme");
    api = Group("acme", "api", {"contacts:read"});
  }
  SettingsPatch Prefix(std::optional<std::string> prefix) {
    SettingsPatch patch;
    patch.token_prefix = std::move(prefix);
    return patch;
  }
  Result<Events> Create(const std::string& environment,
                        const std::string& secret_prefix) {
    NewToken token{NextId("tok_"), GenerateSecret(random, secret_prefix)};
    secrets[token.token_id] = token.secret;
    CreateTokenInput input{"ERP", "", {api}, {}};
    input.environment = environment;
    return CreateGroupToken(state, "acme", input, token, context);
  }
};

BOOST_FIXTURE_TEST_CASE(TheAccountPrefixIsASettingWithItsOwnEvent,
                        PrefixFixture) {
  std::string codes;
  for (const char* bad : {"acme", "Acme_", "acme_live_", "", "a-b_"}) {
    codes += CodeOf(ChangeSettings(state, "acme", Prefix(bad), context)) + " ";
  }
  BOOST_TEST(codes ==
             "INVALID(token_prefix) INVALID(token_prefix) "
             "INVALID(token_prefix) OK INVALID(token_prefix) ");
  Must(ChangeSettings(state, "acme", Prefix("acme_"), context));
  BOOST_TEST(state.FindAccount("acme")->token_prefix == "acme_");
  BOOST_TEST(ChangeSettings(state, "acme", Prefix("acme_"), context)->empty());
  Must(ChangeSettings(state, "acme", Prefix("kt_"), context));  // the default
  BOOST_TEST(state.FindAccount("acme")->token_prefix.empty());
  BOOST_TEST(
      ChangeSettings(state, "acme", Prefix(std::nullopt), context)->empty());
  BOOST_TEST(state.history() ==
             "AccountCreated(acme)@0 GroupCreated(grp_1)@0 "
             "AccountTokenPrefixChanged(acme)@1 "
             "AccountTokenPrefixChanged(acme)@2");
}

BOOST_FIXTURE_TEST_CASE(ATokenOfAnotherPrefixRecordsItAtCreation,
                        PrefixFixture) {
  Must(ChangeSettings(state, "acme", Prefix("acme_"), context));
  Must(Create("live", "acme_live_"));
  Must(Create("", "acme_"));
  BOOST_TEST(CodeOf(Create("prod", "acme_")) == "INVALID(environment)");
  // The caller read the prefix before it changed: refused, nothing issued.
  BOOST_TEST(CodeOf(Create("test", "kt_test_")) == "CONFLICT");
  const TokenState& live = *state.FindToken("tok_2");
  BOOST_TEST(TokenSecretPrefix(live) == "acme_live_");
  BOOST_TEST(live.rare->environment == "live");
  BOOST_TEST(TokenSecretPrefix(*state.FindToken("tok_3")) == "acme_");
  BOOST_TEST(state.history() ==
             "AccountCreated(acme)@0 GroupCreated(grp_1)@0 "
             "AccountTokenPrefixChanged(acme)@1 TokenCreated(tok_2)@0 "
             "TokenPrefixAssigned(tok_2)@1 TokenCreated(tok_3)@0 "
             "TokenPrefixAssigned(tok_3)@1");
}

BOOST_FIXTURE_TEST_CASE(ADefaultTokenHasNoPrefixEvent, PrefixFixture) {
  Result<Events> created = Create("", "kt_");
  BOOST_REQUIRE(created.ok());
  BOOST_TEST(created->size() == 1u);
}

BOOST_FIXTURE_TEST_CASE(RegenerateKeepsTheTokensPrefix, PrefixFixture) {
  Must(ChangeSettings(state, "acme", Prefix("acme_"), context));
  Must(Create("test", "acme_test_"));
  // The account's prefix changes; the token keeps its own.
  Must(ChangeSettings(state, "acme", Prefix("globex_"), context));
  BOOST_TEST(CodeOf(RegenerateToken(state, "acme", "tok_2", 0,
                                    GenerateSecret(random, "globex_test_"),
                                    context)) == "INTERNAL");
  BOOST_TEST(CodeOf(RegenerateToken(state, "acme", "tok_2", 0,
                                    GenerateSecret(random, "acme_test_"),
                                    context)) == "OK");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail
