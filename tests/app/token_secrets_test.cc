// The order of vault and log in app/token_secrets.h: the log says only what
// happened, and no token is left with a secret nobody was shown.
#include "app/token_secrets.h"

#include <boost/test/unit_test.hpp>

#include "domain/secret.h"
#include "tests/app/app_fixture.h"

namespace keytrail::test {
namespace {

constexpr char kOldSecret[] = "kt_old_secret";
constexpr char kNewSecret[] = "kt_new_secret";

Event RevealableAccount() {
  AccountCreated account;
  account.account_id = "acme";
  account.name = "Acme";
  account.settings.secret_visibility = SecretVisibility::kRevealable;
  return account;
}

Event TokenWith(const std::string& secret) {
  TokenCreated token;
  token.token_id = "tok_1";
  token.account_id = "acme";
  token.name = "ci";
  token.secret_sha256 = Sha256Hex(secret);
  token.last4 = secret.substr(secret.size() - 4);
  return token;
}

Event Regenerated(const std::string& secret) {
  TokenRegenerated regenerated;
  regenerated.token_id = "tok_1";
  regenerated.account_id = "acme";
  regenerated.secret_sha256 = Sha256Hex(secret);
  regenerated.last4 = secret.substr(secret.size() - 4);
  return regenerated;
}

Event Revealed() {
  TokenRevealed revealed;
  revealed.token_id = "tok_1";
  revealed.account_id = "acme";
  return revealed;
}

BOOST_FIXTURE_TEST_SUITE(TokenSecrets, AppFixture)

BOOST_AUTO_TEST_CASE(RegenerateKeepsTheNewSecretBeforeTheLogSaysSo) {
  Run("acme", {RevealableAccount(), TokenWith(kOldSecret)});
  BOOST_REQUIRE(vault.Keep("tok_1", kOldSecret).ok());

  Result<app::SecretOutcome> outcome =
      app::RunKeepingSecret(runner, vault, true, "tok_1", kNewSecret,
                            Command("acme", {Regenerated(kNewSecret)}));
  BOOST_REQUIRE(outcome.ok());
  BOOST_TEST(outcome->secret == kNewSecret);
  BOOST_TEST(LogTypes() == "AccountCreated TokenCreated TokenRegenerated");
  Result<std::string> kept = vault.Open("tok_1");
  BOOST_REQUIRE(kept.ok());
  BOOST_TEST(*kept == kNewSecret);
}

BOOST_AUTO_TEST_CASE(RegenerateAppendsNothingWhenTheVaultCannotKeep) {
  Run("acme", {RevealableAccount(), TokenWith(kOldSecret)});
  BOOST_REQUIRE(vault.Keep("tok_1", kOldSecret).ok());
  vault_table.fail = true;

  Result<app::SecretOutcome> outcome =
      app::RunKeepingSecret(runner, vault, true, "tok_1", kNewSecret,
                            Command("acme", {Regenerated(kNewSecret)}));
  BOOST_REQUIRE(!outcome.ok());
  BOOST_TEST(outcome.error().message == "disk full (test)");
  // The token was not rotated: its old secret, still kept, is still valid.
  BOOST_TEST(LogTypes() == "AccountCreated TokenCreated");
  Result<std::string> kept = vault.Open("tok_1");
  BOOST_REQUIRE(kept.ok());
  BOOST_TEST(*kept == kOldSecret);
}

BOOST_AUTO_TEST_CASE(ARefusedRegenerateLeavesTheVaultAsItWas) {
  Run("acme", {RevealableAccount(), TokenWith(kOldSecret)});
  BOOST_REQUIRE(vault.Keep("tok_1", kOldSecret).ok());
  app::CommandRequest refused = Command("acme", {});
  refused.decide = [](const projections::Views&, Micros) -> Result<Events> {
    return Error::Make(ErrorCode::kVersionMismatch, "stale If-Match");
  };

  Result<app::SecretOutcome> outcome =
      app::RunKeepingSecret(runner, vault, true, "tok_1", kNewSecret, refused);
  BOOST_REQUIRE(!outcome.ok());
  Result<std::string> kept = vault.Open("tok_1");
  BOOST_REQUIRE(kept.ok());
  BOOST_TEST(*kept == kOldSecret);
}

BOOST_AUTO_TEST_CASE(ARevealOfASecretNotKeptRecordsNothing) {
  // Issued while the account kept no secrets: the vault has none.
  Run("acme", {RevealableAccount(), TokenWith(kOldSecret)});

  Result<std::string> secret = app::RevealKeptSecret(
      runner, vault, "tok_1", Command("acme", {Revealed()}));
  BOOST_REQUIRE(!secret.ok());
  BOOST_TEST(static_cast<int>(secret.error().code) ==
             static_cast<int>(ErrorCode::kNotRevealable));
  BOOST_TEST(LogTypes() == "AccountCreated TokenCreated");
}

BOOST_AUTO_TEST_CASE(ARevealOfAStaleKeptSecretRecordsNothing) {
  Run("acme", {RevealableAccount(), TokenWith(kOldSecret)});
  BOOST_REQUIRE(vault.Keep("tok_1", kNewSecret).ok());  // not the token's

  Result<std::string> secret = app::RevealKeptSecret(
      runner, vault, "tok_1", Command("acme", {Revealed()}));
  BOOST_REQUIRE(!secret.ok());
  BOOST_TEST(LogTypes() == "AccountCreated TokenCreated");
}

BOOST_AUTO_TEST_CASE(ARevealOfTheCurrentSecretIsRecordedAndAnswered) {
  Run("acme", {RevealableAccount(), TokenWith(kOldSecret)});
  BOOST_REQUIRE(vault.Keep("tok_1", kOldSecret).ok());

  Result<std::string> secret = app::RevealKeptSecret(
      runner, vault, "tok_1", Command("acme", {Revealed()}));
  BOOST_REQUIRE(secret.ok());
  BOOST_TEST(*secret == kOldSecret);
  BOOST_TEST(LogTypes() == "AccountCreated TokenCreated TokenRevealed");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail::test
