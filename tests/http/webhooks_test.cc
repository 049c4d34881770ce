// Webhooks over real HTTP (docs/api.md "Webhooks"): a real local receiver
// gets signed deliveries of the subscribed kinds, a 500 is retried, a
// pending delivery survives a restart, and the delivery log shows every
// attempt. The server allows http://127.0.0.1 (serve
// --webhooks-allow-http-loopback) so that the receiver needs no TLS.
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <map>
#include <string>
#include <thread>

#include "base/hex.h"
#include "base/time.h"
#include "tests/support/api.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_certificate.h"
#include "tests/support/test_server.h"
#include "tests/support/webhook_receiver.h"

namespace keytrail::test {
namespace {

namespace json = boost::json;
using std::chrono::seconds;

std::string Str(const json::value& value) {
  return value.is_string() ? std::string(value.as_string())
                           : json::serialize(value);
}

// Whether `receiver` answered a request with `status` within 30 s.
bool Answered(const WebhookReceiver& receiver, int status) {
  const auto deadline = std::chrono::steady_clock::now() + seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    for (const ReceivedRequest& request : receiver.requests()) {
      if (request.answered == status) return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

http::ServiceOptions AllowingLoopback() {
  http::ServiceOptions service;
  service.webhooks_allow_http_loopback = true;
  return service;
}

// HMAC-SHA256(secret, "<t>.<body>") in hex, computed here without keytrail.
std::string ExpectedV1(const std::string& secret, const std::string& t,
                       const std::string& body) {
  const std::string text = t + "." + body;
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(text.data()), text.size(), mac,
       &size);
  return HexOf(std::string_view(reinterpret_cast<const char*>(mac), size));
}

struct WebhookServer : TestServer {
  explicit WebhookServer(http::ServiceOptions service = AllowingLoopback())
      : TestServer(DefaultOptions(), std::move(service)) {
    api.CreateAccount("acme");
    group = api.CreateGroup("acme", "ERP", "api", {"orders:read"});
  }
  // Subscribes `url` to `kinds`; returns {id, secret}.
  std::pair<std::string, std::string> Subscribe(const std::string& url,
                                                const std::string& kinds) {
    ClientResponse created =
        api.Call("POST", "/v1/accounts/acme/webhooks",
                 R"({"url":")" + url + R"(","events":)" + kinds + "}");
    BOOST_REQUIRE_MESSAGE(created.status == 201, created.body);
    const json::value answer = created.Json();
    return {Str(answer.at("id")), Str(answer.at("secret"))};
  }
  // "attempt status outcome" per entry of the delivery log, newest first.
  std::string Log(const std::string& id) {
    const json::value log =
        api.Call("GET", "/v1/accounts/acme/webhooks/" + id + "/deliveries")
            .Json();
    std::string out;
    for (const json::value& item : log.at("items").as_array()) {
      out += Str(item.at("type")) + " " + Str(item.at("attempt")) + " " +
             Str(item.at("status")) + " " + Str(item.at("outcome")) + "\n";
    }
    return out;
  }
  // Whether the newest entry of the log ends with `outcome` within 30 s
  // (the deliverer records an attempt after the receiver has answered).
  bool AwaitLog(const std::string& id, const std::string& outcome) {
    const auto deadline = std::chrono::steady_clock::now() + seconds(30);
    while (std::chrono::steady_clock::now() < deadline) {
      const std::string log = Log(id);
      if (log.substr(0, log.find('\n')).ends_with(outcome)) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }
  Api api{Client(), operator_secret()};
  std::string group;
};

BOOST_AUTO_TEST_SUITE(Webhooks)

BOOST_FIXTURE_TEST_CASE(DeliveriesAreSignedAndOfTheSubscribedKinds,
                        WebhookServer) {
  WebhookReceiver receiver;
  auto [id, secret] =
      Subscribe(receiver.url(), R"(["token.created","token.revoked"])");
  BOOST_TEST(secret.starts_with("whsec_"));
  CreatedToken token = api.CreateToken("acme", "ERP sync", {group});
  BOOST_REQUIRE(
      api.Call("POST", "/v1/accounts/acme/tokens/" + token.id + ":disable")
          .status == 200);
  BOOST_REQUIRE(
      api.Call("DELETE", "/v1/accounts/acme/tokens/" + token.id).status == 204);
  BOOST_REQUIRE(receiver.WaitFor(2, seconds(30)));
  const std::vector<ReceivedRequest> got = receiver.requests();
  std::string kinds;
  for (const ReceivedRequest& request : got) {
    const json::value body = json::parse(request.body);
    kinds += Str(body.at("type")) + " ";
    BOOST_TEST(Str(body.at("data").at("token_id")) == token.id);
    BOOST_TEST(!body.at("data").as_object().contains("secret_sha256"));
    BOOST_TEST(request.body.find(token.secret) == std::string::npos);
    BOOST_TEST(request.headers.at("keytrail-delivery") == Str(body.at("id")));
    BOOST_TEST(request.headers.at("idempotency-key") == Str(body.at("id")));
    // t=<unix>,v1=<hex>: recomputed with the secret shown once.
    const std::string signature = request.headers.at("keytrail-signature");
    const size_t comma = signature.find(",v1=");
    BOOST_REQUIRE(signature.starts_with("t=") && comma != std::string::npos);
    const std::string t = signature.substr(2, comma - 2);
    BOOST_TEST(signature.substr(comma + 4) ==
               ExpectedV1(secret, t, request.body));
    const int64_t age = std::chrono::duration_cast<seconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count() -
                        std::stoll(t);
    BOOST_TEST((age >= -5 && age < 300));
  }
  BOOST_TEST(kinds == "token.created token.revoked ");
  BOOST_TEST(AwaitLog(id, "token.revoked 1 200 delivered"));
  BOOST_TEST(Log(id) ==
             "token.revoked 1 200 delivered\ntoken.created 1 200 delivered\n");
  // The secret is shown once: the list has none.
  const std::string listed = api.Call("GET", "/v1/accounts/acme/webhooks").body;
  BOOST_TEST(listed.find(secret) == std::string::npos);
  BOOST_TEST(listed.find(id) != std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(AFailedDeliveryIsRetriedWithTheSameId, WebhookServer) {
  WebhookReceiver receiver({500});
  const std::string id =
      Subscribe(receiver.url(), R"(["token.created"])").first;
  api.CreateToken("acme", "ERP sync", {group});
  BOOST_REQUIRE(receiver.WaitFor(2, seconds(30)));
  const std::vector<ReceivedRequest> got = receiver.requests();
  BOOST_TEST(got[0].answered == 500);
  BOOST_TEST(got[1].answered == 200);
  BOOST_TEST(got[0].body == got[1].body);
  BOOST_TEST(got[0].headers.at("keytrail-delivery") ==
             got[1].headers.at("keytrail-delivery"));
  BOOST_TEST(AwaitLog(id, "2 200 delivered"));
  BOOST_TEST(Log(id) ==
             "token.created 2 200 delivered\ntoken.created 1 500 retrying\n");
}

BOOST_FIXTURE_TEST_CASE(APendingDeliverySurvivesARestart, WebhookServer) {
  WebhookReceiver receiver({503, 503, 503, 503, 503, 503});
  const std::string id =
      Subscribe(receiver.url(), R"(["token.created"])").first;
  CreatedToken token = api.CreateToken("acme", "ERP sync", {group});
  BOOST_REQUIRE(receiver.WaitFor(1, seconds(30)));
  Restart();
  receiver.Script({});  // the endpoint is back
  BOOST_REQUIRE(Answered(receiver, 200));
  const json::value delivered = json::parse(receiver.requests().back().body);
  BOOST_TEST(Str(delivered.at("data").at("token_id")) == token.id);
  // Exactly one delivery succeeded; nothing else was queued.
  int successes = 0;
  for (const ReceivedRequest& request : receiver.requests()) {
    successes += request.answered == 200 ? 1 : 0;
  }
  BOOST_TEST(successes == 1);
  // The log kept the attempts made before the restart too.
  BOOST_TEST(AwaitLog(id, "200 delivered"));
  const std::string log = Log(id);
  BOOST_TEST(log.find("503 retrying") != std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(BadSubscriptionsAnswer400AndOthersSee404,
                        WebhookServer) {
  std::string rendered;
  for (
      const std::string body :
      {R"({"url":"http://example.com/hook","events":["token.created"]})",
       R"({"url":"ftp://example.com","events":["token.created"]})",
       R"({"url":"https://user@example.com/","events":["token.created"]})",
       R"({"url":"https://example.com/","events":[]})",
       R"({"url":"https://example.com/","events":["token.eaten"]})",
       R"({"url":"https://example.com/","events":["token.created","token.created"]})",
       R"({"url":"https://example.com/"})"}) {
    ClientResponse answer =
        api.Call("POST", "/v1/accounts/acme/webhooks", body);
    const json::value problem = answer.Json();
    rendered += std::to_string(answer.status) + " " +
                Str(problem.at("errors").at(0).at("field")) + "\n";
  }
  BOOST_TEST(rendered ==
             "400 url\n400 url\n400 url\n400 events\n400 events[0]\n"
             "400 events[1]\n400 events\n");
  WebhookReceiver receiver;
  const std::string id =
      Subscribe(receiver.url(), R"(["token.created"])").first;
  api.CreateAccount("globex");
  BOOST_TEST(
      api.Call("GET", "/v1/accounts/globex/webhooks/" + id + "/deliveries")
          .status == 404);
  BOOST_TEST(api.Call("DELETE", "/v1/accounts/globex/webhooks/" + id).status ==
             404);
  BOOST_TEST(api.Call("DELETE", "/v1/accounts/acme/webhooks/" + id).status ==
             204);
  BOOST_TEST(api.Call("GET", "/v1/accounts/acme/webhooks/" + id + "/deliveries")
                 .status == 404);
}

// A server that also believes X-Forwarded-For from 127.0.0.1 (to verify
// "from" other IPs) and looks for expiring tokens every 100 ms.
struct NoticeServer : WebhookServer {
  static http::ServiceOptions Options() {
    http::ServiceOptions service = AllowingLoopback();
    service.trusted_proxies = {"127.0.0.1"};
    service.webhooks_expiry_scan = std::chrono::milliseconds(100);
    return service;
  }
  NoticeServer() : WebhookServer(Options()) {}
  void VerifyFrom(const std::string& secret, const std::string& ip) {
    ClientResponse answer =
        Client().Post("/v1/verify", R"({"token":")" + secret + R"("})",
                      {{"X-Forwarded-For", ip}});
    BOOST_REQUIRE_MESSAGE(answer.Json().at("code") == "VALID", answer.body);
  }
  // The bodies received of `kind`, in order.
  std::vector<json::value> Received(const WebhookReceiver& receiver,
                                    const std::string& kind) {
    std::vector<json::value> out;
    for (const ReceivedRequest& request : receiver.requests()) {
      json::value body = json::parse(request.body);
      if (Str(body.at("type")) == kind) out.push_back(std::move(body));
    }
    return out;
  }
  // Waits up to 30 s until `receiver` got `count` deliveries of `kind`.
  bool AwaitKind(const WebhookReceiver& receiver, const std::string& kind,
                 size_t count) {
    const auto deadline = std::chrono::steady_clock::now() + seconds(30);
    while (std::chrono::steady_clock::now() < deadline) {
      if (Received(receiver, kind).size() >= count) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }
};

BOOST_FIXTURE_TEST_CASE(UsesFromANewIpAreDeliveredOncePerIp, NoticeServer) {
  WebhookReceiver receiver;
  Subscribe(receiver.url(), R"(["token.used_from_new_ip"])");
  CreatedToken token = api.CreateToken("acme", "ERP sync", {group});
  VerifyFrom(token.secret, "203.0.113.7");
  BOOST_REQUIRE(AwaitKind(receiver, "token.used_from_new_ip", 1));
  // The same IP again, after the first flush: nothing new.
  VerifyFrom(token.secret, "203.0.113.7");
  VerifyFrom(token.secret, "198.51.100.9");
  BOOST_REQUIRE(AwaitKind(receiver, "token.used_from_new_ip", 2));
  VerifyFrom(token.secret, "198.51.100.9");
  VerifyFrom(token.secret, "203.0.113.7");
  // Two flush intervals for the repeated uses to reach the log.
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  const std::vector<json::value> got =
      Received(receiver, "token.used_from_new_ip");
  BOOST_REQUIRE(got.size() == 2u);
  BOOST_TEST(Str(got[0].at("data").at("ip")) == "203.0.113.7");
  BOOST_TEST(Str(got[1].at("data").at("ip")) == "198.51.100.9");
  BOOST_TEST(Str(got[0].at("data").at("token_id")) == token.id);
  // A restart does not forget which IPs were seen.
  Restart();
  VerifyFrom(token.secret, "203.0.113.7");
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  BOOST_TEST(Received(receiver, "token.used_from_new_ip").size() == 2u);
}

BOOST_FIXTURE_TEST_CASE(ALeakedSecretLookupIsRecordedAndDelivered,
                        NoticeServer) {
  WebhookReceiver receiver;
  Subscribe(receiver.url(), R"(["secret.leaked_lookup"])");
  CreatedToken token = api.CreateToken("acme", "ERP sync", {group});
  ClientResponse found = api.Call("POST", "/v1/tokens:lookup",
                                  R"({"secret":")" + token.secret + R"("})");
  BOOST_REQUIRE_MESSAGE(found.status == 200, found.body);
  // A secret that matches nothing records nothing.
  BOOST_TEST(api.Call("POST", "/v1/tokens:lookup",
                      R"({"secret":"kt_000000000000000000000000000000000000"})")
                 .status == 404);
  BOOST_REQUIRE(AwaitKind(receiver, "secret.leaked_lookup", 1));
  const json::value body = Received(receiver, "secret.leaked_lookup")[0];
  BOOST_TEST(Str(body.at("data").at("token_id")) == token.id);
  BOOST_TEST(Str(body.at("data").at("secret_role")) == "current");
  BOOST_TEST(receiver.requests()[0].body.find(token.secret) ==
             std::string::npos);
  BOOST_TEST(api.AuditTypes("acme", "token-" + token.id) ==
             "TokenCreated TokenLookedUp");
}

BOOST_FIXTURE_TEST_CASE(ExpiringTokensAreWarnedOncePerThreshold, NoticeServer) {
  WebhookReceiver receiver;
  Subscribe(receiver.url(), R"(["token.expiring"])");
  const auto in = [](int hours) {
    return R"(,"expires_at":")" +
           FormatRfc3339(WallNow() + hours * 3600 * kMicrosPerSecond) + "\"";
  };
  CreatedToken soon = api.CreateToken("acme", "soon", {group}, in(20));
  CreatedToken week = api.CreateToken("acme", "week", {group}, in(24 * 5));
  api.CreateToken("acme", "later", {group}, in(24 * 60));
  api.CreateToken("acme", "never", {group});
  BOOST_REQUIRE(AwaitKind(receiver, "token.expiring", 2));
  std::this_thread::sleep_for(std::chrono::milliseconds(1000));  // 10 scans
  std::map<std::string, std::string> within;
  for (const json::value& body : Received(receiver, "token.expiring")) {
    within[Str(body.at("data").at("token_id"))] +=
        Str(body.at("data").at("within_days")) + " ";
  }
  BOOST_TEST(within.size() == 2u);
  BOOST_TEST(within[soon.id] == "1 ");
  BOOST_TEST(within[week.id] == "7 ");
  // Extending past the thresholds, then into 30 days, warns of the new
  // expiry once more.
  BOOST_REQUIRE(api.Call("POST",
                         "/v1/accounts/acme/tokens/" + week.id + ":extend",
                         "{" + in(24 * 20).substr(1) + "}")
                    .status == 200);
  BOOST_REQUIRE(AwaitKind(receiver, "token.expiring", 3));
  const json::value last = Received(receiver, "token.expiring").back();
  BOOST_TEST(Str(last.at("data").at("token_id")) == week.id);
  BOOST_TEST(Str(last.at("data").at("within_days")) == "30");
}

// HTTPS: the endpoint's certificate must chain to the system's trust store
// or to --webhooks-ca-file; the host name is checked too.
struct HttpsServer : WebhookServer {
  static http::ServiceOptions Trusting(const std::filesystem::path& ca) {
    http::ServiceOptions service;  // https:// only: no loopback http://
    service.webhooks_ca_file = ca.string();
    return service;
  }
  static CertificateFiles Certificate() {
    static TempDir dir;
    static const CertificateFiles files = MakeLoopbackCertificate(dir.path());
    return files;
  }
  HttpsServer() : WebhookServer(Trusting(Certificate().certificate)) {}
};

BOOST_FIXTURE_TEST_CASE(HttpsDeliveriesReachAnEndpointOfATrustedCa,
                        HttpsServer) {
  WebhookReceiver receiver({}, Certificate());
  BOOST_REQUIRE(receiver.url().starts_with("https://127.0.0.1:"));
  auto [id, secret] = Subscribe(receiver.url(), R"(["token.created"])");
  CreatedToken token = api.CreateToken("acme", "ERP sync", {group});
  BOOST_REQUIRE(receiver.WaitFor(1, seconds(30)));
  const ReceivedRequest got = receiver.requests()[0];
  BOOST_TEST(Str(json::parse(got.body).at("data").at("token_id")) == token.id);
  const std::string signature = got.headers.at("keytrail-signature");
  const std::string t = signature.substr(2, signature.find(',') - 2);
  BOOST_TEST(signature.substr(signature.find(",v1=") + 4) ==
             ExpectedV1(secret, t, got.body));
  BOOST_TEST(AwaitLog(id, "token.created 1 200 delivered"));
}

BOOST_FIXTURE_TEST_CASE(AnUntrustedCertificateIsNeverSentTheEvent,
                        WebhookServer) {
  // This server trusts only the system's store.
  TempDir dir;
  WebhookReceiver receiver({}, MakeLoopbackCertificate(dir.path()));
  const std::string id =
      Subscribe(receiver.url(), R"(["token.created"])").first;
  api.CreateToken("acme", "ERP sync", {group});
  BOOST_TEST(AwaitLog(id, "retrying"));
  const json::value log =
      api.Call("GET", "/v1/accounts/acme/webhooks/" + id + "/deliveries")
          .Json();
  const std::string error = Str(log.at("items").at(0).at("error"));
  BOOST_TEST(error.find("tls handshake") != std::string::npos, error);
  BOOST_TEST(Str(log.at("items").at(0).at("status")) == "null");
  BOOST_TEST(receiver.requests().empty());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail::test
