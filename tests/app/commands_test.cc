// The management commands of app/commands.h, called as a handler calls
// them but with no HTTP: typed input in, typed result out, the aggregate
// found among the account's own, the caller's If-Match and Idempotency-Key
// honoured, the vault and the log in their order.
#include "app/commands.h"

#include <boost/test/unit_test.hpp>

#include "base/os_random.h"
#include "domain/secret.h"
#include "tests/app/app_fixture.h"

namespace keytrail::test {
namespace {

// The error code of `result`'s failure, "OK" when it did not fail.
template <typename T>
std::string CodeOf(const Result<T>& result) {
  return result.ok() ? "OK" : std::string(ErrorCodeName(result.error().code));
}

struct CommandsFixture : AppFixture {
  CommandsFixture() {
    caller.actor.token_id = "tok_admin";
    for (const char* id : {"acme", "other"}) {
      CreateAccountInput account;
      account.id = id;
      account.name = id;
      BOOST_REQUIRE(app::CreateAccount(commands, caller, account).ok());
    }
    SettingsPatch revealable;
    revealable.secret_visibility = "revealable";
    BOOST_REQUIRE(
        app::ChangeSettings(commands, caller, "acme", revealable).ok());
    CreateGroupInput group;
    group.name = "backend";
    group.type = "api";
    group.permissions = {"orders:read"};
    Result<app::Created> created =
        app::CreateGroup(commands, caller, "acme", group);
    BOOST_REQUIRE(created.ok());
    group_id = created->id;
  }

  CreateTokenInput TokenInput() const {
    CreateTokenInput input;
    input.name = "ci";
    input.groups = {group_id};
    return input;
  }

  uint64_t GroupVersion() {
    projections::ProjectionEngine::ReadLock views = engine->Read();
    return views->group(group_id)->version;
  }

  OsRandom random;
  app::CommandServices commands{&runner, &vault, &random, &store};
  app::Caller caller;
  std::string group_id;
};

BOOST_FIXTURE_TEST_SUITE(Commands, CommandsFixture)

BOOST_AUTO_TEST_CASE(ATokenIsCreatedKeptRevealedAndRevokedForGood) {
  Result<app::Created> token =
      app::CreateGroupToken(commands, caller, "acme", TokenInput());
  BOOST_REQUIRE(token.ok());
  BOOST_TEST(token->id.starts_with("tok_"));
  BOOST_TEST(token->secret.starts_with("kt_"));
  Result<std::string> revealed =
      app::RevealToken(commands, caller, "acme", token->id);
  BOOST_REQUIRE(revealed.ok());
  BOOST_TEST(*revealed == token->secret);

  BOOST_REQUIRE(app::RevokeToken(commands, caller, "acme", token->id).ok());
  BOOST_TEST(CodeOf(vault.Open(token->id)) == "NOT_FOUND");
  BOOST_TEST(LogTypes() ==
             "AccountCreated AccountCreated AccountSettingsChanged "
             "GroupCreated TokenCreated TokenRevealed TokenRevoked");
}

BOOST_AUTO_TEST_CASE(AnotherAccountsTokenIsNotFoundAndUnchanged) {
  Result<app::Created> token =
      app::CreateGroupToken(commands, caller, "acme", TokenInput());
  BOOST_REQUIRE(token.ok());
  const std::string before = LogTypes();
  BOOST_TEST(CodeOf(app::DisableToken(commands, caller, "other", token->id)) ==
             "NOT_FOUND");
  BOOST_TEST(CodeOf(app::RevokeToken(commands, caller, "other", token->id)) ==
             "NOT_FOUND");
  BOOST_TEST(CodeOf(app::RevealToken(commands, caller, "other", token->id)) ==
             "NOT_FOUND");
  BOOST_TEST(LogTypes() == before);
  BOOST_TEST(vault.Open(token->id).ok());  // not forgotten
}

BOOST_AUTO_TEST_CASE(AStaleIfMatchChangesNothing) {
  const uint64_t version = GroupVersion();
  UpdateGroupInput rename;
  rename.name = "payments";
  app::Caller stale = caller;
  stale.expected_version = version + 1;
  Status refused = app::UpdateGroup(commands, stale, "acme", group_id, rename);
  BOOST_TEST(CodeOf(refused) == "VERSION_MISMATCH");
  BOOST_TEST(GroupVersion() == version);

  app::Caller current = caller;
  current.expected_version = version;
  BOOST_REQUIRE(
      app::UpdateGroup(commands, current, "acme", group_id, rename).ok());
  BOOST_TEST(GroupVersion() > version);
}

BOOST_AUTO_TEST_CASE(AnIdempotencyKeyReplayAnswersTheFirstTokenWithNoSecret) {
  app::Caller keyed = caller;
  keyed.idempotency_key = "create-ci-1";
  keyed.request_hash = Sha256Hex("POST /tokens ci");
  Result<app::Created> first =
      app::CreateGroupToken(commands, keyed, "acme", TokenInput());
  Result<app::Created> again =
      app::CreateGroupToken(commands, keyed, "acme", TokenInput());
  BOOST_REQUIRE(first.ok());
  BOOST_REQUIRE(again.ok());
  BOOST_TEST(again->id == first->id);
  BOOST_TEST(again->secret.empty());  // shown once, to the first request
  Result<std::string> kept = vault.Open(first->id);
  BOOST_REQUIRE(kept.ok());
  BOOST_TEST(*kept == first->secret);  // the replay kept no other secret

  keyed.request_hash = Sha256Hex("POST /tokens another body");
  Result<app::Created> reused =
      app::CreateGroupToken(commands, keyed, "acme", TokenInput());
  BOOST_TEST(CodeOf(reused) == "CONFLICT");
  BOOST_TEST(LogTypes() ==
             "AccountCreated AccountCreated AccountSettingsChanged "
             "GroupCreated TokenCreated");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail::test
