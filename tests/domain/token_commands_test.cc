#include "domain/token_commands.h"

#include <boost/test/unit_test.hpp>

#include "domain/event_codec.h"
#include "tests/domain/test_state.h"

namespace keytrail {
namespace {

using testing::CodeOf;
using testing::kNow;

constexpr Micros kDay = kMicrosPerDay;

struct TokenFixture : testing::DomainFixture {
  std::string api, team, ana;
  TokenFixture() {
    Account("acme");
    api = Group("acme", "api", {"contacts:read"});
    team = Group("acme", "user", {"tickets:read"});
    ana = User("acme", {team});
  }
  Result<Events> Create(CreateTokenInput input) {
    return CreateGroupToken(state, "acme", input, MakeNewToken(), context);
  }
  // Creates a group token that must succeed; returns its id.
  std::string MustCreate(CreateTokenInput input) {
    const NewToken token = MakeNewToken();
    Must(CreateGroupToken(state, "acme", input, token, context));
    return token.token_id;
  }
  Result<Events> CreateNamed(std::string name) {
    return Create({std::move(name), "", {api}, {}, {}});
  }
  Result<Events> CreatePersonal(const std::string& user,
                                const std::string& caller,
                                CreateTokenInput input = {
                                    "CLI", "", {}, {}, {}}) {
    CommandContext as = context;
    as.actor.user_id = caller;
    return CreatePersonalToken(state, "acme", user, input, MakeNewToken(), as);
  }
  TokenCreated Created(const Result<Events>& result) {
    BOOST_REQUIRE(result.ok());
    return std::get<TokenCreated>(result->at(0));
  }
};

BOOST_FIXTURE_TEST_SUITE(TokenCommandsTest, TokenFixture)

// Apresenta.me: a token is linked to an API group; the secret is shown once.
BOOST_AUTO_TEST_CASE(CreatesAGroupToken) {
  const NewToken token = MakeNewToken();
  Result<Events> result = CreateGroupToken(
      state, "acme", {"  ERP sync ", " nightly ", {api, api}, {}, {}}, token,
      context);
  const TokenCreated& event = Created(result);
  BOOST_TEST(event.token_id == token.token_id);
  BOOST_TEST(event.name == "ERP sync");
  BOOST_TEST(event.description == "nightly");
  BOOST_TEST((event.kind == TokenKind::kGroup));
  BOOST_TEST(event.groups == std::vector<std::string>{api});
  BOOST_TEST(!event.expires_at.has_value());
  BOOST_TEST(event.secret_sha256 == Sha256Hex(token.secret));
  BOOST_TEST(event.last4 == token.secret.substr(37));
}

// docs/api.md §2: secrets never appear in events (only the SHA-256 and last 4).
BOOST_AUTO_TEST_CASE(EventsNeverHoldTheSecret) {
  const NewToken token = MakeNewToken();
  Result<Events> created = CreateGroupToken(
      state, "acme", {"ERP", "", {api}, {}, {}}, token, context);
  Must(created);
  const std::string next = GenerateSecret(random);
  Result<Events> regenerated =
      RegenerateToken(state, "acme", token.token_id, 60, next, context);
  for (const Result<Events>* result : {&created, &regenerated}) {
    const EncodedEvent encoded = EncodeEvent(result->value().at(0));
    for (const std::string& secret : {token.secret, next}) {
      BOOST_TEST(encoded.payload.find(secret) == std::string::npos);
      BOOST_TEST(encoded.data_json.find(secret) == std::string::npos);
      BOOST_TEST(encoded.payload.find(secret.substr(3, 32)) ==
                 std::string::npos);
    }
  }
}

// Apresenta.me "Descrição" / Pingback "Nome": required; docs/api.md: 1-100.
BOOST_AUTO_TEST_CASE(NameIsRequiredUpToAHundredCharacters) {
  BOOST_TEST(CodeOf(CreateNamed("")) == "INVALID(name)");
  BOOST_TEST(CodeOf(CreateNamed(" \t ")) == "INVALID(name)");
  BOOST_TEST(CodeOf(CreateNamed(std::string(101, 'n'))) == "INVALID(name)");
  BOOST_TEST(CodeOf(CreateNamed(std::string(100, 'n'))) == "OK");
  // Characters, not bytes: 100 x "ç" is 200 bytes.
  std::string cedillas;
  for (int i = 0; i < 100; ++i) cedillas += "\u00e7";
  BOOST_TEST(CodeOf(CreateNamed(cedillas)) == "OK");
  BOOST_TEST(CodeOf(CreateNamed(cedillas + "\u00e7")) == "INVALID(name)");
}

BOOST_AUTO_TEST_CASE(NameRejectsControlCharactersAndBadUtf8) {
  BOOST_TEST(CodeOf(CreateNamed("ERP\x07sync")) == "INVALID(name)");
  BOOST_TEST(CodeOf(CreateNamed("ERP\nsync")) == "INVALID(name)");
  BOOST_TEST(CodeOf(CreateNamed("ERP\x7fsync")) == "INVALID(name)");
  BOOST_TEST(CodeOf(CreateNamed("ERP\u0085sync")) == "INVALID(name)");
  BOOST_TEST(CodeOf(CreateNamed("ERP\xc3")) == "INVALID(name)");
  BOOST_TEST(CodeOf(CreateNamed("\xc0\xaf")) == "INVALID(name)");  // overlong
  BOOST_TEST(CodeOf(CreateNamed("Integração Portal X")) == "OK");
}

// docs/api.md §3: description optional, up to 1000 characters.
BOOST_AUTO_TEST_CASE(DescriptionUpToAThousandCharacters) {
  BOOST_TEST(CodeOf(Create({"ERP", std::string(1000, 'd'), {api}, {}, {}})) ==
             "OK");
  BOOST_TEST(CodeOf(Create({"ERP", std::string(1001, 'd'), {api}, {}, {}})) ==
             "INVALID(description)");
}

// docs/api.md §3: a past expires_at is 400.
BOOST_AUTO_TEST_CASE(ExpiryMustBeInTheFuture) {
  BOOST_TEST(CodeOf(Create({"ERP", "", {api}, kNow - 1, {}})) ==
             "INVALID(expires_at)");
  BOOST_TEST(CodeOf(Create({"ERP", "", {api}, kNow, {}})) ==
             "INVALID(expires_at)");
  BOOST_TEST(*Created(Create({"ERP", "", {api}, kNow + 1, {}})).expires_at ==
             kNow + 1);
}

// VTEX: the account's default duration applies to new keys.
BOOST_AUTO_TEST_CASE(DefaultExpiryComesFromTheAccountSetting) {
  Must(ChangeSettings(state, "acme", {{90}, {}}, context));
  BOOST_TEST(*Created(CreateNamed("ERP")).expires_at == kNow + 90 * kDay);
  BOOST_TEST(*Created(Create({"ERP", "", {api}, kNow + kDay, {}})).expires_at ==
             kNow + kDay);
}

// Apresenta.me: a group token is linked to a user group of type API.
BOOST_AUTO_TEST_CASE(GroupsMustBeExistingApiGroupsOfTheAccount) {
  BOOST_TEST(CodeOf(Create({"ERP", "", {}, {}, {}})) == "INVALID(groups)");
  BOOST_TEST(CodeOf(Create({"ERP", "", {"grp_nope"}, {}, {}})) ==
             "INVALID(groups)");
  BOOST_TEST(CodeOf(Create({"ERP", "", {team}, {}, {}})) == "INVALID(groups)");
  Account("globex");
  const std::string theirs = Group("globex", "api", {"*"});
  BOOST_TEST(CodeOf(Create({"ERP", "", {theirs}, {}, {}})) ==
             "INVALID(groups)");
  const std::string old = Group("acme", "api", {});
  Must(DeleteGroup(state, "acme", old, context));
  BOOST_TEST(CodeOf(Create({"ERP", "", {api, old}, {}, {}})) ==
             "INVALID(groups)");
  BOOST_TEST(CodeOf(CreateGroupToken(state, "nope", {"ERP", "", {api}, {}, {}},
                                     MakeNewToken(), context)) == "NOT_FOUND");
}

// Apresenta.me, Tiflux: many tokens at once, one per integration.
BOOST_AUTO_TEST_CASE(ManyTokensPerAccountAndUserWithoutALimit) {
  for (int i = 0; i < 5; ++i) Must(CreateNamed("integration"));
  for (int i = 0; i < 3; ++i) Must(CreatePersonal(ana, ana));
  int tokens = 0;
  state.ForEachToken("acme", [&](const TokenState&) { ++tokens; });
  BOOST_TEST(tokens == 8);
}

// Pingback: only paid plans have API keys.
BOOST_AUTO_TEST_CASE(PlanWithoutApiAccessRefusesNewTokens) {
  Must(ChangePlan(state, "acme", Plan{"free", false, {}}, context));
  BOOST_TEST(CodeOf(CreateNamed("ERP")) == "PLAN_DISABLED");
  BOOST_TEST(CodeOf(CreatePersonal(ana, ana)) == "PLAN_DISABLED");
}

// Pingback: 1 API key per account; delete it to create another.
BOOST_AUTO_TEST_CASE(MaxActiveTokensLimitsCreation) {
  Must(ChangePlan(state, "acme", Plan{"pro", true, 1}, context));
  const std::string first = GroupToken("acme", {api});
  BOOST_TEST(CodeOf(CreateNamed("second")) == "TOKEN_LIMIT");
  BOOST_TEST(CodeOf(CreatePersonal(ana, ana)) == "TOKEN_LIMIT");
  Must(RevokeToken(state, "acme", first, context));
  Must(CreateNamed("second"));
}

// docs/api.md §3: active = own status active and not expired.
BOOST_AUTO_TEST_CASE(DisabledAndExpiredTokensDoNotCountAgainstTheLimit) {
  Must(ChangePlan(state, "acme", Plan{"pro", true, 1}, context));
  const std::string first = GroupToken("acme", {api});
  Must(DisableToken(state, "acme", first, context));
  MustCreate({"short", "", {api}, kNow + 10, {}});
  BOOST_TEST(CodeOf(CreateNamed("third")) == "TOKEN_LIMIT");
  context.now = kNow + 10;  // "short" has expired
  Must(CreateNamed("third"));
}

// VTEX: a key is renewed; :extend moves the expiry later, never earlier.
BOOST_AUTO_TEST_CASE(ExtendMovesTheExpiryLaterWithinItsRules) {
  const std::string soon = MustCreate({"soon", "", {api}, kNow + kDay, {}});
  const std::string forever = MustCreate({"forever", "", {api}, {}, {}});
  auto extend = [&](const std::string& id, ExtendTokenInput input) {
    return ExtendToken(state, "acme", id, input, context);
  };
  Result<Events> by_days = extend(soon, {{}, 10});
  BOOST_REQUIRE(by_days.ok());
  BOOST_TEST(std::get<TokenExpiryExtended>(by_days->at(0)).expires_at ==
             kNow + 11 * kDay);
  Result<Events> to_time = extend(soon, {kNow + 5 * kDay, {}});
  BOOST_REQUIRE(to_time.ok());
  BOOST_TEST(std::get<TokenExpiryExtended>(to_time->at(0)).expires_at ==
             kNow + 5 * kDay);

  std::string codes;
  for (const Result<Events>& result :
       {extend(forever, {{}, 10}), extend(soon, {kNow + 5 * kDay, 3}),
        extend(soon, {kNow + kDay / 2, {}}), extend(soon, {{}, 0}),
        extend(soon, {{}, 3651}), extend(soon, {}),
        extend("tok_missing", {{}, 1})}) {
    codes += CodeOf(result) + " ";
  }
  BOOST_TEST(codes ==
             "INVALID(expires_at) INVALID(days) INVALID(expires_at) "
             "INVALID(days) INVALID(days) INVALID(days) NOT_FOUND ");
  Must(RevokeToken(state, "acme", soon, context));
  BOOST_TEST(CodeOf(extend(soon, {{}, 1})) == "CONFLICT");
}

BOOST_AUTO_TEST_CASE(ExtendWithoutInputUsesTheAccountDefault) {
  Must(ChangeSettings(state, "acme",
                      SettingsPatch{std::optional<int64_t>(30), {}}, context));
  const std::string soon = MustCreate({"soon", "", {api}, kNow + kDay, {}});
  Result<Events> extended = ExtendToken(state, "acme", soon, {}, context);
  BOOST_REQUIRE(extended.ok());
  BOOST_TEST(std::get<TokenExpiryExtended>(extended->at(0)).expires_at ==
             kNow + 31 * kDay);
}

// An expired token that comes back counts against the plan's cap again.
BOOST_AUTO_TEST_CASE(ExtendingAnExpiredTokenRespectsTheLimit) {
  Must(ChangePlan(state, "acme", Plan{"pro", true, 1}, context));
  const std::string old = MustCreate({"old", "", {api}, kNow + 10, {}});
  context.now = kNow + 10;  // expired: its slot is free
  Must(CreateNamed("new"));
  BOOST_TEST(CodeOf(ExtendToken(state, "acme", old, {{}, 1}, context)) ==
             "TOKEN_LIMIT");
}

// Tiflux: the license "API por usuário" is required for personal tokens.
BOOST_AUTO_TEST_CASE(PersonalTokenRequiresTheLicense) {
  const std::string bob = User("acme", {team}, {});
  BOOST_TEST(CodeOf(CreatePersonal(bob, bob)) == "LICENSE_REQUIRED");
  Must(UpdateUser(state, "acme", bob, {{}, {}, {{"api_per_user"}}}, context));
  BOOST_TEST(CodeOf(CreatePersonal(bob, bob)) == "OK");
}

// Tiflux: nobody generates a token for another user (docs/api.md §1).
BOOST_AUTO_TEST_CASE(PersonalTokenOnlyForOneself) {
  const std::string bob = User("acme", {team});
  BOOST_TEST(CodeOf(CreatePersonal(ana, bob)) == "FORBIDDEN");
  BOOST_TEST(CodeOf(CreatePersonal(ana, "")) == "FORBIDDEN");
  const Result<Events> result = CreatePersonal(ana, ana);
  const TokenCreated& event = Created(result);
  BOOST_TEST((event.kind == TokenKind::kPersonal));
  BOOST_TEST(event.user_id == ana);
  BOOST_TEST(event.groups.empty());
}

BOOST_AUTO_TEST_CASE(PersonalTokenChecksUserStateAndFields) {
  BOOST_TEST(CodeOf(CreatePersonal("usr_nope", "usr_nope")) == "NOT_FOUND");
  BOOST_TEST(CodeOf(CreatePersonal(ana, ana, {"CLI", "", {api}, {}, {}})) ==
             "INVALID(groups)");
  BOOST_TEST(CodeOf(CreatePersonal(ana, ana, {"", "", {}, {}, {}})) ==
             "INVALID(name)");
  Must(DeactivateUser(state, "acme", ana, context));
  BOOST_TEST(CodeOf(CreatePersonal(ana, ana)) == "FORBIDDEN");
}

// Pingback "Renomear", docs/api.md PATCH: name, description, expires_at,
// groups.
BOOST_AUTO_TEST_CASE(UpdateChangesFieldsAndValidatesThem) {
  const std::string token = GroupToken("acme", {api});
  const std::string other = Group("acme", "api", {"deals:read"});
  UpdateTokenInput input;
  input.name = "ERP v2";
  input.groups = {{api, other}};
  input.expires_at.emplace(kNow + kDay);
  Must(UpdateToken(state, "acme", token, input, context));
  const TokenState& after = *state.FindToken(token);
  BOOST_TEST(after.name == "ERP v2");
  BOOST_TEST(after.groups == (std::vector<std::string>{api, other}));
  BOOST_TEST(*after.expires_at == kNow + kDay);
  BOOST_TEST(UpdateToken(state, "acme", token, input, context)->empty());

  UpdateTokenInput never;
  never.expires_at.emplace(std::nullopt);
  Must(UpdateToken(state, "acme", token, never, context));
  BOOST_TEST(!state.FindToken(token)->expires_at.has_value());

  BOOST_TEST(CodeOf(UpdateToken(state, "acme", token,
                                {{""}, {}, {}, {}, {}, {}, {}, {}}, context)) ==
             "INVALID(name)");
  BOOST_TEST(CodeOf(UpdateToken(state, "acme", token,
                                {{}, {}, {{kNow}}, {}, {}, {}, {}, {}},
                                context)) == "INVALID(expires_at)");
  BOOST_TEST(CodeOf(UpdateToken(state, "acme", token,
                                {{}, {}, {}, {{team}}, {}, {}, {}, {}},
                                context)) == "INVALID(groups)");
  BOOST_TEST(CodeOf(UpdateToken(state, "acme", token,
                                {{}, {}, {}, {{}}, {}, {}, {}, {}}, context)) ==
             "INVALID(groups)");
  const std::string personal = PersonalToken("acme", ana);
  BOOST_TEST(CodeOf(UpdateToken(state, "acme", personal,
                                {{}, {}, {}, {{api}}, {}, {}, {}, {}},
                                context)) == "INVALID(groups)");
}

BOOST_AUTO_TEST_CASE(ExtendingAnExpiredTokenCountsAgainstTheLimit) {
  Must(ChangePlan(state, "acme", Plan{"pro", true, 1}, context));
  const std::string short_lived =
      MustCreate({"short", "", {api}, kNow + 10, {}});
  context.now = kNow + 20;
  Must(CreateNamed("current"));
  UpdateTokenInput extend;
  extend.expires_at.emplace(kNow + kDay);
  BOOST_TEST(CodeOf(UpdateToken(state, "acme", short_lived, extend, context)) ==
             "TOKEN_LIMIT");
  // Renaming it does not bring it back, so it is allowed.
  BOOST_TEST(CodeOf(UpdateToken(state, "acme", short_lived,
                                {{"old"}, {}, {}, {}, {}, {}, {}, {}},
                                context)) == "OK");
}

// Pingback "Desativar" / "Ativar".
BOOST_AUTO_TEST_CASE(DisableAndEnable) {
  const std::string token = GroupToken("acme", {api});
  Must(DisableToken(state, "acme", token, context));
  BOOST_TEST(state.FindToken(token)->rare->disabled_reason == "manual");
  BOOST_TEST(DisableToken(state, "acme", token, context)->empty());
  Must(EnableToken(state, "acme", token, context));
  BOOST_TEST(EnableToken(state, "acme", token, context)->empty());
  BOOST_TEST(state.history().find("TokenDisabled(" + token +
                                  ")@1 "
                                  "TokenEnabled(" +
                                  token + ")@2") != std::string::npos);
}

// docs/api.md §3: enabling a token past max_active_tokens answers TOKEN_LIMIT;
// Pingback: no keys on a plan without API access.
BOOST_AUTO_TEST_CASE(EnableChecksPlanAndLimit) {
  const std::string first = GroupToken("acme", {api});
  Must(DisableToken(state, "acme", first, context));
  const std::string second = GroupToken("acme", {api});
  Must(ChangePlan(state, "acme", Plan{"pro", true, 1}, context));
  BOOST_TEST(CodeOf(EnableToken(state, "acme", first, context)) ==
             "TOKEN_LIMIT");
  Must(ChangePlan(state, "acme", Plan{"free", false, {}}, context));
  BOOST_TEST(CodeOf(EnableToken(state, "acme", first, context)) ==
             "PLAN_DISABLED");
  Must(RevokeToken(state, "acme", second, context));
  Must(ChangePlan(state, "acme", Plan{"pro", true, 1}, context));
  Must(EnableToken(state, "acme", first, context));
}

// Pingback "Excluir": removed for good; docs/api.md: revoked and kept in
// history.
BOOST_AUTO_TEST_CASE(RevokedTokenRefusesEveryChange) {
  const std::string token = GroupToken("acme", {api});
  Must(RevokeToken(state, "acme", token, context));
  BOOST_TEST((state.FindToken(token)->status == TokenStatus::kRevoked));
  BOOST_TEST(CodeOf(RevokeToken(state, "acme", token, context)) == "CONFLICT");
  BOOST_TEST(CodeOf(DisableToken(state, "acme", token, context)) == "CONFLICT");
  BOOST_TEST(CodeOf(EnableToken(state, "acme", token, context)) == "CONFLICT");
  BOOST_TEST(CodeOf(UpdateToken(state, "acme", token,
                                {{"x"}, {}, {}, {}, {}, {}, {}, {}},
                                context)) == "CONFLICT");
  BOOST_TEST(CodeOf(RegenerateToken(state, "acme", token, 0,
                                    GenerateSecret(random), context)) ==
             "CONFLICT");
  BOOST_TEST(CodeOf(RevealToken(state, "acme", token, context)) == "CONFLICT");
}

// docs/api.md §1: a resource of another account answers 404, never 403.
BOOST_AUTO_TEST_CASE(TokenOfAnotherAccountIsNotFound) {
  const std::string token = GroupToken("acme", {api});
  Account("globex");
  BOOST_TEST(CodeOf(RevokeToken(state, "globex", token, context)) ==
             "NOT_FOUND");
  BOOST_TEST(CodeOf(DisableToken(state, "globex", "tok_nope", context)) ==
             "NOT_FOUND");
}

// Apresenta.me "Gerar novamente" / VTEX "Renew"; docs/api.md: grace <= 7 days.
BOOST_AUTO_TEST_CASE(RegenerateWithAndWithoutGrace) {
  const std::string token = GroupToken("acme", {api});
  const std::string next = GenerateSecret(random);
  Result<Events> now = RegenerateToken(state, "acme", token, 0, next, context);
  const auto& at_once = std::get<TokenRegenerated>(now->at(0));
  BOOST_TEST(at_once.secret_sha256 == Sha256Hex(next));
  BOOST_TEST(at_once.last4 == next.substr(37));
  BOOST_TEST(!at_once.previous_valid_until.has_value());
  Result<Events> week =
      RegenerateToken(state, "acme", token, kMaxGraceSeconds, next, context);
  BOOST_TEST(*std::get<TokenRegenerated>(week->at(0)).previous_valid_until ==
             kNow + 7 * kDay);
  BOOST_TEST(CodeOf(RegenerateToken(state, "acme", token, 604801, next,
                                    context)) == "INVALID(grace_seconds)");
  BOOST_TEST(CodeOf(RegenerateToken(state, "acme", token, -1, next, context)) ==
             "INVALID(grace_seconds)");
  BOOST_TEST(CodeOf(RegenerateToken(state, "acme", token, 0, "kt_short",
                                    context)) == "INTERNAL");
}

// Apresenta.me "Mostrar Token", Pingback reveal; docs/api.md: 409
// NOT_REVEALABLE unless the account is revealable; every reveal is an event.
BOOST_AUTO_TEST_CASE(RevealOnlyWhereTheAccountAllowsIt) {
  const std::string token = GroupToken("acme", {api});
  BOOST_TEST(CodeOf(RevealToken(state, "acme", token, context)) ==
             "NOT_REVEALABLE");
  Must(ChangeSettings(state, "acme", {{}, {"revealable"}}, context));
  Result<Events> result = RevealToken(state, "acme", token, context);
  BOOST_REQUIRE(result.ok());
  BOOST_TEST((result->at(0) == Event(TokenRevealed{token, "acme"})));
}

// docs/api.md "Metadata": one event on create, one per change, none when
// unchanged; the size is counted in bytes of the canonical JSON.
BOOST_AUTO_TEST_CASE(MetadataIsOneEventPerChange) {
  CreateTokenInput input{"ERP", "", {api}, {}, {}};
  input.settings.metadata = R"({"tenant":"t-42"})";
  const std::string token = MustCreate(input);
  UpdateTokenInput same;
  same.metadata = R"({"tenant":"t-42"})";
  Result<Events> unchanged = UpdateToken(state, "acme", token, same, context);
  BOOST_REQUIRE(unchanged.ok());
  BOOST_TEST(unchanged->empty());
  UpdateTokenInput cleared;
  cleared.metadata = "";
  Must(UpdateToken(state, "acme", token, cleared, context));
  BOOST_TEST(state.FindToken(token)->rare->metadata == "");
  const std::string suffix = "TokenCreated(" + token +
                             ")@0 TokenMetadataChanged(" + token +
                             ")@1 TokenMetadataChanged(" + token + ")@2";
  BOOST_TEST(state.history().ends_with(suffix));
}

BOOST_AUTO_TEST_CASE(MetadataOverTheLimitIsInvalid) {
  CreateTokenInput input{"ERP", "", {api}, {}, {}};
  const std::string pad(kMaxMetadataBytes - 8, 'x');  // {"k":"…"}
  input.settings.metadata = R"({"k":")" + pad + R"("})";
  BOOST_TEST(CodeOf(Create(input)) == "OK");
  input.settings.metadata = R"({"k":")" + pad + R"(x"})";
  BOOST_TEST(CodeOf(Create(input)) == "INVALID(metadata)");
  input.settings.metadata = "[1]";
  BOOST_TEST(CodeOf(Create(input)) == "INVALID(metadata)");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail
