// The management API's conventions (docs/api.md §6) over real HTTP: ETag and
// If-Match, Idempotency-Key, restart and as_of, bad input, account
// isolation, reveal (issue 6).
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <set>
#include <thread>

#include "base/time.h"
#include "tests/support/acme_server.h"

namespace keytrail::test {
namespace {

namespace json = boost::json;

struct Acme : AcmeServer {
  std::string TokensPath(const std::string& suffix = "") {
    return "/v1/accounts/acme/tokens" + suffix;
  }
  std::string Code(const ClientResponse& response) {
    json::value body = response.Json();
    if (!body.is_object() || !body.as_object().contains("code")) return "";
    return std::string(body.at("code").as_string());
  }
};

BOOST_AUTO_TEST_SUITE(ManagementApi)

BOOST_FIXTURE_TEST_CASE(StaleIfMatchAnswers412AndWritesNothing, Acme) {
  CreatedToken token = api.CreateToken("acme", "ERP sync", {group});
  ClientResponse first = api.Call("GET", TokensPath("/" + token.id));
  std::string etag(first.Header("ETag").value_or(""));
  BOOST_TEST_REQUIRE(!etag.empty());

  ClientResponse moved = api.Call("PATCH", TokensPath("/" + token.id),
                                  R"({"name":"one"})", {{"If-Match", etag}});
  BOOST_TEST(moved.status == 200);
  ClientResponse stale = api.Call("PATCH", TokensPath("/" + token.id),
                                  R"({"name":"two"})", {{"If-Match", etag}});
  BOOST_TEST(stale.status == 412);
  BOOST_TEST(Code(stale) == "VERSION_MISMATCH");
  ClientResponse now = api.Call("GET", TokensPath("/" + token.id));
  BOOST_TEST(now.Json().at("name").as_string() == "one");
  BOOST_TEST(std::string(now.Header("ETag").value_or("")) != etag);
}

BOOST_FIXTURE_TEST_CASE(ConcurrentPatchesWithTheSameETagLoseNoUpdate, Acme) {
  CreatedToken token = api.CreateToken("acme", "ERP sync", {group});
  std::string etag(
      api.Call("GET", TokensPath("/" + token.id)).Header("ETag").value_or(""));
  std::vector<int> statuses(8);
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      Api caller(Client(), operator_secret());
      statuses[i] =
          caller
              .Call("PATCH", TokensPath("/" + token.id),
                    R"({"name":"writer )" + std::to_string(i) + R"("})",
                    {{"If-Match", etag}})
              .status;
    });
  }
  for (std::thread& thread : threads) thread.join();
  int ok = 0;
  for (int status : statuses) {
    BOOST_TEST((status == 200 || status == 412 || status == 409));
    ok += status == 200;
  }
  BOOST_TEST(ok == 1);
}

BOOST_FIXTURE_TEST_CASE(IdempotencyKeyReplaysWithoutASecondSecret, Acme) {
  const std::string body =
      R"({"name":"ERP sync","groups":[")" + group + R"("]})";
  ClientResponse first =
      api.Call("POST", TokensPath(), body, {{"Idempotency-Key", "k-1"}});
  BOOST_TEST_REQUIRE(first.status == 201, first.body);
  ClientResponse again =
      api.Call("POST", TokensPath(), body, {{"Idempotency-Key", "k-1"}});
  BOOST_TEST(again.status == 201);
  BOOST_TEST(again.Json().at("id") == first.Json().at("id"));
  BOOST_TEST(!again.Json().as_object().contains("secret"));
  ClientResponse other = api.Call(
      "POST", TokensPath(), R"({"name":"Other","groups":[")" + group + R"("]})",
      {{"Idempotency-Key", "k-1"}});
  BOOST_TEST(other.status == 409);
  ClientResponse list = api.Call("GET", TokensPath());
  BOOST_TEST(list.Json().at("items").as_array().size() == 1u);
}

BOOST_FIXTURE_TEST_CASE(RestartKeepsEveryViewIdentical, Acme) {
  for (int i = 0; i < 20; ++i) {
    CreatedToken token =
        api.CreateToken("acme", "token " + std::to_string(i), {group});
    if (i % 3 == 0) {
      BOOST_TEST(
          api.Call("POST", TokensPath("/" + token.id + ":disable")).status ==
          200);
    }
  }
  auto snapshot = [&] {
    return api.Call("GET", TokensPath("?limit=1000")).body +
           api.Call("GET", "/v1/accounts/acme/groups").body +
           api.Call("GET", "/v1/accounts/acme").body;
  };
  const std::string before = snapshot();
  Restart();
  api.client().Close();
  BOOST_TEST(snapshot() == before);
}

BOOST_FIXTURE_TEST_CASE(AsOfShowsARenamedTokensOldName, Acme) {
  CreatedToken token = api.CreateToken("acme", "old name", {group});
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  const std::string between = FormatRfc3339(WallNow());
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  BOOST_TEST(
      api.Call("PATCH", TokensPath("/" + token.id), R"({"name":"new name"})")
          .status == 200);
  ClientResponse past =
      api.Call("GET", TokensPath("/" + token.id + "?as_of=" + between));
  BOOST_TEST_REQUIRE(past.status == 200, past.body);
  BOOST_TEST(past.Json().at("name").as_string() == "old name");
  ClientResponse now = api.Call("GET", TokensPath("/" + token.id));
  BOOST_TEST(now.Json().at("name").as_string() == "new name");
  BOOST_TEST(api.Call("GET", TokensPath("?as_of=yesterday")).status == 400);
}

BOOST_FIXTURE_TEST_CASE(BadBodiesAnswer400AndWriteNothing, Acme) {
  const std::vector<std::string> bodies = {
      R"({"name": )",                                        // malformed
      R"({"name": 42, "groups": []})",                       // wrong type
      R"({"name": "x", "groups": ["g"], "colour": "red"})",  // unknown field
      R"({"name": "x", "groups": ["g"], "expires_at": 1e400})",  // huge
      "{\"name\": \"\xff\xfe\", \"groups\": []}",                // bad UTF-8
      R"([1, 2, 3])",                   // not an object
      R"({"name": "", "groups": []})",  // empty name
      R"({"name": "x", "groups": [], "expires_at": "2001-01-01T00:00:00Z"})",
  };
  for (const std::string& body : bodies) {
    ClientResponse response = api.Call("POST", TokensPath(), body);
    BOOST_TEST(response.status == 400, body << " -> " << response.body);
    BOOST_TEST(Code(response) == "INVALID");
    BOOST_TEST(std::string(response.Header("Content-Type").value_or("")) ==
               "application/problem+json");
  }
  ClientResponse list = api.Call("GET", TokensPath());
  BOOST_TEST(list.Json().at("items").as_array().empty());
  ClientResponse field = api.Call("POST", TokensPath(), R"({"groups":[]})");
  BOOST_TEST(field.Json().at("errors").as_array().size() >= 1u);
}

BOOST_FIXTURE_TEST_CASE(AnotherAccountsResourcesAnswer404, Acme) {
  api.CreateAccount("rival");
  std::string rival_group = api.CreateGroup("rival", "All", "api", {"*"});
  CreatedToken rival = api.CreateToken("rival", "rival admin", {rival_group});
  CreatedToken ours = api.CreateToken("acme", "ours", {group});

  Api as_rival(Client(), rival.secret);
  BOOST_TEST(as_rival.Call("GET", TokensPath("/" + ours.id)).status == 404);
  BOOST_TEST(as_rival.Call("GET", TokensPath()).status == 404);
  BOOST_TEST(
      as_rival.Call("GET", "/v1/accounts/rival/tokens/" + ours.id).status ==
      404);
  BOOST_TEST(as_rival.Call("POST", "/v1/accounts", R"({"id":"x","name":"x"})")
                 .status == 403);
  BOOST_TEST(api.Call("GET", TokensPath(), {}, {}).status == 200);
  Api nobody(Client(), "kt_notarealsecret");
  BOOST_TEST(nobody.Call("GET", TokensPath()).status == 401);
}

BOOST_FIXTURE_TEST_CASE(RevealNeedsARevealableAccountAndDiesWithTheToken,
                        Acme) {
  CreatedToken once = api.CreateToken("acme", "once", {group});
  ClientResponse refused =
      api.Call("POST", TokensPath("/" + once.id + ":reveal"));
  BOOST_TEST(refused.status == 409);
  BOOST_TEST(Code(refused) == "NOT_REVEALABLE");

  api.SetSettings("acme", R"({"secret_visibility":"revealable"})");
  CreatedToken kept = api.CreateToken("acme", "kept", {group});
  ClientResponse revealed =
      api.Call("POST", TokensPath("/" + kept.id + ":reveal"));
  BOOST_TEST_REQUIRE(revealed.status == 200, revealed.body);
  BOOST_TEST(revealed.Json().at("secret").as_string() == kept.secret);

  BOOST_TEST(api.Call("DELETE", TokensPath("/" + kept.id)).status == 204);
  BOOST_TEST(api.VerifyCode(kept.secret) == "REVOKED");
  ClientResponse gone = api.Call("POST", TokensPath("/" + kept.id + ":reveal"));
  BOOST_TEST(gone.status == 409);
  ClientResponse listed = api.Call("GET", TokensPath("?status=revoked"));
  BOOST_TEST(listed.Json().at("items").as_array().size() == 1u);
}

// A reveal refused for a secret issued while the account kept none leaves
// no TokenRevealed in the log: the log says only what happened.
BOOST_FIXTURE_TEST_CASE(ARefusedRevealRecordsNoRevealEvent, Acme) {
  CreatedToken issued_once = api.CreateToken("acme", "once", {group});
  api.SetSettings("acme", R"({"secret_visibility":"revealable"})");
  ClientResponse refused =
      api.Call("POST", TokensPath("/" + issued_once.id + ":reveal"));
  BOOST_TEST(refused.status == 409);
  BOOST_TEST(Code(refused) == "NOT_REVEALABLE");
  CreatedToken kept = api.CreateToken("acme", "kept", {group});
  BOOST_TEST(api.Call("POST", TokensPath("/" + kept.id + ":reveal")).status ==
             200);

  ClientResponse reveals =
      api.Call("GET", "/v1/audit?account=acme&type=TokenRevealed");
  const json::value answer = reveals.Json();
  std::string streams;
  for (const json::value& item : answer.at("items").as_array()) {
    streams += std::string(item.at("stream").as_string()) + " ";
  }
  BOOST_TEST(streams == "token-" + kept.id + " ");
}

// Every reveal is its own audited event: the same Idempotency-Key twice
// reveals twice and records two TokenRevealed, never a silent replay.
BOOST_FIXTURE_TEST_CASE(AnIdempotencyKeyNeverHidesASecondReveal, Acme) {
  api.SetSettings("acme", R"({"secret_visibility":"revealable"})");
  CreatedToken kept = api.CreateToken("acme", "kept", {group});
  for (int i = 0; i < 2; ++i) {
    ClientResponse revealed =
        api.Call("POST", TokensPath("/" + kept.id + ":reveal"), {},
                 {{"Idempotency-Key", "same-key"}});
    BOOST_TEST_REQUIRE(revealed.status == 200, revealed.body);
    BOOST_TEST(revealed.Json().at("secret").as_string() == kept.secret);
  }
  ClientResponse reveals = api.Call(
      "GET",
      "/v1/audit?account=acme&type=TokenRevealed&stream=token-" + kept.id);
  BOOST_TEST(reveals.Json().at("items").as_array().size() == 2u);
}

BOOST_FIXTURE_TEST_CASE(GroupInUseCannotBeDeleted, Acme) {
  CreatedToken token = api.CreateToken("acme", "bound", {group});
  ClientResponse in_use =
      api.Call("DELETE", "/v1/accounts/acme/groups/" + group);
  BOOST_TEST(in_use.status == 409);
  BOOST_TEST(Code(in_use) == "GROUP_IN_USE");
  BOOST_TEST(api.Call("DELETE", TokensPath("/" + token.id)).status == 204);
  BOOST_TEST(api.Call("DELETE", "/v1/accounts/acme/groups/" + group).status ==
             204);
}

BOOST_FIXTURE_TEST_CASE(ListsPaginateWithOpaqueCursors, Acme) {
  for (int i = 0; i < 7; ++i) {
    api.CreateToken("acme", "t" + std::to_string(i), {group});
  }
  std::set<std::string> seen;
  std::string cursor;
  int pages = 0;
  do {
    std::string target = TokensPath("?limit=3&sort=name");
    if (!cursor.empty()) target += "&cursor=" + cursor;
    json::object page = api.Call("GET", target).Json().as_object();
    for (const json::value& item : page.at("items").as_array()) {
      BOOST_TEST(seen.insert(std::string(item.at("id").as_string())).second);
    }
    cursor = page.at("next_cursor").is_null()
                 ? ""
                 : std::string(page.at("next_cursor").as_string());
    ++pages;
  } while (!cursor.empty() && pages < 10);
  BOOST_TEST(seen.size() == 7u);
  BOOST_TEST(pages == 3);
  BOOST_TEST(api.Call("GET", TokensPath("?limit=0")).status == 400);
  BOOST_TEST(api.Call("GET", TokensPath("?cursor=garbage!")).status == 400);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail::test
