// Webhook subscriptions (docs/api.md "Webhooks"): the URL and kind rules,
// the events, the fold, and which events a webhook receives.
#include "domain/webhook_commands.h"

#include <boost/test/unit_test.hpp>

#include "tests/domain/test_state.h"

namespace keytrail {
namespace {

using testing::CodeOf;

struct WebhookFixture : testing::DomainFixture {
  WebhookFixture() { Account("acme"); }
  Result<Events> Subscribe(const std::string& url,
                           std::vector<std::string> events,
                           bool loopback = false) {
    return SubscribeWebhook(state, "acme", NextId("whk_"),
                            {url, std::move(events), loopback}, context);
  }
};

BOOST_FIXTURE_TEST_SUITE(WebhookCommandsTest, WebhookFixture)

BOOST_AUTO_TEST_CASE(UrlsMustBeHttpsOrAllowedLoopback) {
  std::string codes;
  for (const char* url :
       {"https://hooks.acme.test/k", "https://hooks.acme.test:8443",
        "http://hooks.acme.test/k", "http://127.0.0.1:9/k", "ftp://a/b",
        "https://user:pw@acme.test/", "https://acme.test/#frag",
        "https:///path", "https://acme.test/a b", ""}) {
    codes += CodeOf(Subscribe(url, {"token.created"})) + " ";
  }
  BOOST_TEST(codes ==
             "OK OK INVALID(url) INVALID(url) INVALID(url) INVALID(url) "
             "INVALID(url) INVALID(url) INVALID(url) INVALID(url) ");
  codes.clear();
  for (const char* url :
       {"http://127.0.0.1:9/k", "http://[::1]:9/", "http://localhost/k",
        "http://127.0.0.2/", "http://localhost.evil.test/"}) {
    codes += CodeOf(Subscribe(url, {"token.created"}, true)) + " ";
  }
  BOOST_TEST(codes == "OK OK OK INVALID(url) INVALID(url) ");
  BOOST_TEST(CodeOf(Subscribe("https://a.test/" + std::string(2048, 'a'),
                              {"token.created"})) == "INVALID(url)");
}

BOOST_AUTO_TEST_CASE(KindsMustBeKnownAndDistinct) {
  std::string codes;
  for (const std::vector<std::string>& kinds :
       std::vector<std::vector<std::string>>{
           {},
           {"token.eaten"},
           {"token.created", "token.created"},
           {"token.created", "token.revoked", "token.disabled", "token.enabled",
            "token.regenerated"}}) {
    codes += CodeOf(Subscribe("https://a.test/", kinds)) + " ";
  }
  BOOST_TEST(codes ==
             "INVALID(events) INVALID(events[0]) INVALID(events[1]) OK ");
}

BOOST_AUTO_TEST_CASE(SubscriptionsFoldIntoTheAccount) {
  Must(Subscribe("https://a.test/", {"token.created"}));
  Must(Subscribe("https://b.test/", {"token.revoked"}));
  const AccountState& account = *state.FindAccount("acme");
  BOOST_REQUIRE(account.webhooks.size() == 2u);
  BOOST_TEST(account.webhooks[0].id == "whk_1");
  BOOST_TEST(account.webhooks[0].subscribed_seq == 2u);
  Must(UnsubscribeWebhook(state, "acme", "whk_1", context));
  BOOST_TEST(state.FindAccount("acme")->webhooks.size() == 1u);
  BOOST_TEST(CodeOf(UnsubscribeWebhook(state, "acme", "whk_1", context)) ==
             "NOT_FOUND");
  Account("globex");
  BOOST_TEST(CodeOf(UnsubscribeWebhook(state, "globex", "whk_2", context)) ==
             "NOT_FOUND");
  BOOST_TEST(state.history() ==
             "AccountCreated(acme)@0 WebhookSubscribed(acme)@1 "
             "WebhookSubscribed(acme)@2 WebhookUnsubscribed(acme)@3 "
             "AccountCreated(globex)@0");
}

BOOST_AUTO_TEST_CASE(AtMostTwentyWebhooks) {
  for (size_t i = 0; i < kMaxWebhooksPerAccount; ++i) {
    Must(Subscribe("https://a.test/", {"token.created"}));
  }
  BOOST_TEST(CodeOf(Subscribe("https://a.test/", {"token.created"})) ==
             "CONFLICT");
}

BOOST_AUTO_TEST_CASE(KindsComeFromTokenLifecycleEvents) {
  std::string kinds;
  for (const Event& event : std::vector<Event>{
           TokenCreated{}, TokenRevoked{}, TokenDisabled{}, TokenEnabled{},
           TokenRegenerated{}, TokenUsed{}, TokenUpdated{}, AccountCreated{}}) {
    kinds += std::string(WebhookKindOf(event).value_or("-")) + " ";
  }
  BOOST_TEST(kinds ==
             "token.created token.revoked token.disabled token.enabled "
             "token.regenerated token.used_from_new_ip - - ");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail
