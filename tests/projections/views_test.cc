#include "projections/views.h"

#include <boost/test/unit_test.hpp>
#include <set>

#include "tests/projections/fixtures.h"

namespace keytrail::projections {
namespace {

using test::Account;
using test::At;
using test::Feed;
using test::Group;
using test::Ids;
using test::NumberedSha;
using test::PersonalToken;
using test::Rename;
using test::RenderTokens;
using test::Sha;
using test::Token;
using test::Used;
using test::User;

// "a:tok_1/current b:none": each secret hash, named by its last digit, and
// the token and role it matches at `now`.
std::string RenderSecrets(const Views& views,
                          const std::vector<std::string>& hashes, Micros now) {
  std::string out;
  for (const std::string& hash : hashes) {
    std::optional<SecretMatch> match =
        views.FindSecret(*ParseSha256Hex(hash), now);
    out += std::string(out.empty() ? "" : " ") + hash.back() + ":";
    if (!match) {
      out += "none";
      continue;
    }
    static const char* kRoles[] = {"current", "previous", "retired"};
    out += match->token->id + "/" + kRoles[static_cast<int>(match->role)];
  }
  return out;
}

std::string RenderUsage(const Views& views, const std::string& group) {
  GroupUsage u = views.group_usage(group);
  return group + ":" + std::to_string(u.tokens) + "t" +
         std::to_string(u.users) + "u" + std::to_string(u.grants) + "g";
}

BOOST_AUTO_TEST_SUITE(ViewsTest)

BOOST_AUTO_TEST_CASE(FoldingASequenceOfEventsGivesTheExpectedViews) {
  Feed feed;
  feed.Add(Account("acme"), At(0))
      .Add(Group("grp_a", "acme", "ERP"), At(1))
      .Add(User("usr_1", "acme", "Ana@Acme.test"), At(2))
      .Add(Token("tok_1", "acme", "ERP sync", {"grp_a"}, Sha('a')), At(3))
      .Add(Token("tok_2", "acme", "Reports", {"grp_a"}, Sha('b')), At(4))
      .Add(PersonalToken("tok_3", "acme", "usr_1", Sha('c')), At(5))
      .Add(Rename("tok_1", "acme", "ERP nightly", {"grp_a"}), At(6))
      .Add(Used("tok_1", "acme", 3, At(7)), At(7))
      .Add(TokenDisabled{"tok_2", "acme", "manual"}, At(8))
      .Add(TokenRevoked{"tok_3", "acme"}, At(9))
      .Add(Account("other"), At(10))
      .Add(Token("tok_9", "other", "Theirs", {}, Sha('d')), At(11));
  const Views& views = feed.views();
  std::string rendered = RenderTokens(views, "acme", At(20)) + " | " +
                         RenderTokens(views, "other", At(20)) + " | " +
                         RenderUsage(views, "grp_a") + " | " +
                         views.user_by_email("acme", "ana@ACME.test")->id +
                         " | " +
                         std::to_string(views.personal_tokens("usr_1").size()) +
                         " | seq " + std::to_string(views.applied_seq());
  BOOST_TEST(rendered ==
             "tok_1(ERP nightly,active,v1,uses=3) tok_2(Reports,disabled,v1,"
             "uses=0) tok_3(tok_3,revoked,v1,uses=0) | tok_9(Theirs,active,"
             "v0,uses=0) | grp_a:2t0u0g | usr_1 | 1 | seq 12");
}

// Issue 7's memory budget: every token one admin created shares one copy of
// its id, after a fold and after a reload of the image alike.
BOOST_AUTO_TEST_CASE(TokensShareTheirActorsId) {
  Feed feed;
  feed.Add(Account("acme"), At(0))
      .Add(Token("tok_1", "acme", "a", {}, Sha('a')), At(1))
      .Add(Token("tok_2", "acme", "b", {}, Sha('b')), At(2))
      .Add(Rename("tok_1", "acme", "a2", {}), At(3));
  auto shared = [](const Views& views) {
    const TokenState* a = views.token("tok_1");
    const TokenState* b = views.token("tok_2");
    return ActorIdText(a->created_by) == "tok_admin" &&
           a->created_by.get() == b->created_by.get() &&
           a->updated_by.get() == b->created_by.get();
  };
  BOOST_TEST(shared(feed.views()));
  Result<Views> reloaded = Views::Deserialize(feed.views().Serialize());
  BOOST_TEST_REQUIRE(reloaded.ok());
  BOOST_TEST(shared(*reloaded));
  BOOST_TEST(reloaded->Serialize() == feed.views().Serialize());
}

BOOST_AUTO_TEST_CASE(SecretIndexFollowsRegenerateWithAndWithoutGrace) {
  Feed feed;
  feed.Add(Account("acme"), At(0))
      .Add(Token("tok_1", "acme", "t", {}, Sha('a')), At(1))
      .Add(TokenRegenerated{"tok_1", "acme", Sha('b'), "bbbb", std::nullopt},
           At(2));
  std::string at_once =
      RenderSecrets(feed.views(), {Sha('a'), Sha('b')}, At(3));
  feed.Add(TokenRegenerated{"tok_1", "acme", Sha('c'), "cccc", At(100)}, At(4));
  std::string in_grace = RenderSecrets(
      feed.views(), {Sha('a'), Sha('b'), Sha('c'), Sha('d')}, At(99));
  std::string after_grace =
      RenderSecrets(feed.views(), {Sha('a'), Sha('b'), Sha('c')}, At(100));
  BOOST_TEST(at_once + " | " + in_grace + " | " + after_grace ==
             "a:tok_1/retired b:tok_1/current | "
             "a:tok_1/retired b:tok_1/previous c:tok_1/current d:none | "
             "a:tok_1/retired b:tok_1/retired c:tok_1/current");
}

BOOST_AUTO_TEST_CASE(GroupUsageCountsBoundTokensUsersAndGrants) {
  Feed feed;
  feed.Add(Account("acme"), At(0))
      .Add(Account("vtex"), At(0))
      .Add(Group("grp_a", "acme", "ERP"), At(1))
      .Add(Group("grp_u", "acme", "Staff", GroupType::kUser), At(1))
      .Add(Group("grp_v", "vtex", "Partner"), At(1))
      .Add(Token("tok_1", "acme", "one", {"grp_a"}, Sha('a')), At(2))
      .Add(Token("tok_2", "acme", "two", {"grp_a"}, Sha('b')), At(2))
      .Add(User("usr_1", "acme", "ana@acme.test", {"grp_u"}), At(2))
      .Add(GrantAdded{"grt_1", "vtex", "tok_1", "acme", {"grp_v"}}, At(3));
  std::string before = RenderUsage(feed.views(), "grp_a") + " " +
                       RenderUsage(feed.views(), "grp_u") + " " +
                       RenderUsage(feed.views(), "grp_v");
  feed.Add(Rename("tok_2", "acme", "two", {}), At(4))
      .Add(TokenRevoked{"tok_1", "acme"}, At(5))
      .Add(UserUpdated{"usr_1", "acme", "Ana", {}, {}}, At(6))
      .Add(GrantRemoved{"grt_1", "vtex"}, At(7));
  std::string after = RenderUsage(feed.views(), "grp_a") + " " +
                      RenderUsage(feed.views(), "grp_u") + " " +
                      RenderUsage(feed.views(), "grp_v");
  BOOST_TEST(before + " | " + after ==
             "grp_a:2t0u0g grp_u:0t1u0g grp_v:0t0u1g | "
             "grp_a:0t0u0g grp_u:0t0u0g grp_v:0t0u0g");
}

BOOST_AUTO_TEST_CASE(GrantsAreFoundByGrantingAccountAndToken) {
  Feed feed;
  feed.Add(Account("acme"), At(0))
      .Add(Token("tok_1", "acme", "one", {}, Sha('a')), At(1))
      .Add(GrantAdded{"grt_1", "vtex", "tok_1", "acme", {"grp_v"}}, At(2));
  std::string found = feed.views().grant_for("vtex", "tok_1")->id;
  bool none_elsewhere = feed.views().grant_for("acme", "tok_1") == nullptr;
  feed.Add(GrantRemoved{"grt_1", "vtex"}, At(3));
  bool gone = feed.views().grant_for("vtex", "tok_1") == nullptr;
  BOOST_TEST(found == "grt_1");
  BOOST_TEST(none_elsewhere);
  BOOST_TEST(gone);
}

BOOST_AUTO_TEST_CASE(IdempotencyKeysAreRememberedForTwentyFourHours) {
  Feed feed;
  feed.Add(Account("acme"), At(0))
      .Add(Token("tok_1", "acme", "one", {}, Sha('a')), At(1), "acme/tok_x/k1");
  const IdempotencyRecord* record =
      feed.views().idempotency_record("acme/tok_x/k1", At(2));
  BOOST_REQUIRE(record != nullptr);
  BOOST_TEST(record->stream + " " + std::to_string(record->first_seq) ==
             "token-tok_1 2");
  BOOST_TEST(feed.views().idempotency_record("acme/tok_x/k2", At(2)) ==
             nullptr);
  BOOST_TEST(feed.views().idempotency_record(
                 "acme/tok_x/k1", At(1) + kIdempotencyWindow) == nullptr);
}

BOOST_AUTO_TEST_CASE(IdempotencyKeysOlderThanTheWindowArePruned) {
  Feed feed;
  feed.Add(Account("acme"), At(0))
      .Add(Token("tok_1", "acme", "one", {}, Sha('a')), At(1), "acme/t/k1:h");
  const Micros later = At(1) + kIdempotencyWindow;
  feed.Add(Token("tok_2", "acme", "two", {}, Sha('b')), later, "acme/t/k2:h");
  // A lookup dated inside k1's window would still find it, had it been
  // kept: pruning, not expiry, is what makes it absent here.
  BOOST_TEST(feed.views().idempotency_record("acme/t/k1:h", At(2)) == nullptr);
  BOOST_TEST(feed.views().idempotency_record("acme/t/k1", At(2)) == nullptr);
  BOOST_TEST(feed.views().idempotency_record("acme/t/k2:h", later) != nullptr);
  // Views reloaded from a checkpoint go on pruning the keys they loaded.
  Result<Views> restored = Views::Deserialize(feed.views().Serialize());
  BOOST_REQUIRE(restored.ok());
  feed.views() = std::move(restored).value();
  const Micros last = later + kIdempotencyWindow;
  feed.Add(Token("tok_3", "acme", "three", {}, Sha('c')), last, "acme/t/k3:h");
  BOOST_TEST(feed.views().idempotency_record("acme/t/k2:h", later) == nullptr);
  BOOST_TEST(feed.views().idempotency_record("acme/t/k3:h", last) != nullptr);
}

// The tokens of the list-test account: names repeat so that ties need the
// id tiebreak; times differ in every sort key.
Feed ListFixture() {
  Feed feed;
  feed.Add(Account("acme"), At(0))
      .Add(Group("grp_a", "acme", "ERP"), At(0))
      .Add(User("usr_1", "acme", "ana@acme.test"), At(0));
  for (int i = 0; i < 23; ++i) {
    std::string id =
        "tok_" + std::string(i < 10 ? "0" : "") + std::to_string(i);
    std::vector<std::string> groups;
    if (i % 3 == 0) groups.push_back("grp_a");
    feed.Add(Token(id, "acme", i % 2 ? "Billing" : "erp Sync", groups,
                   NumberedSha(i + 1), i == 7 ? "Pushes ORDERS nightly" : ""),
             At(100 - i));
    if (i % 4 == 0) feed.Add(Used(id, "acme", 1, At(200 + i % 5)), At(200));
  }
  feed.Add(PersonalToken("tok_p", "acme", "usr_1", Sha('f')), At(300))
      .Add(Rename("tok_05", "acme", "Billing", {}), At(400))
      .Add(TokenRevoked{"tok_06", "acme"}, At(401));
  return feed;
}

// The query of the list tests, as `set` changes it.
template <typename Fn>
TokenQuery Query(Fn&& set) {
  TokenQuery query;
  query.account_id = "acme";
  query.now = At(1000);
  query.page.limit = 1000;
  set(query);
  return query;
}

std::string List(const Views& views, const TokenQuery& query) {
  Result<Page<TokenState>> page = views.ListTokens(query);
  return page.ok() ? Ids(*page) : "error " + page.error().message;
}

BOOST_AUTO_TEST_CASE(ListTokensFiltersBySearchStatusGroupUserAndDate) {
  Feed feed = ListFixture();
  const Views& v = feed.views();
  std::string rendered =
      "q=" + List(v, Query([](TokenQuery& q) { q.q = "orders"; })) +
      "\ngroup=" + List(v, Query([](TokenQuery& q) { q.group_id = "grp_a"; })) +
      "\nuser=" + List(v, Query([](TokenQuery& q) { q.user_id = "usr_1"; })) +
      "\nsince=" +
      List(v, Query([](TokenQuery& q) { q.updated_since = At(300); })) +
      "\nrevoked=" +
      List(v, Query([](TokenQuery& q) { q.status = "revoked"; })) +
      "\nbad=" + List(v, Query([](TokenQuery& q) { q.status = "gone"; }));
  BOOST_TEST(rendered ==
             "q=tok_07"
             "\ngroup=tok_21 tok_18 tok_15 tok_12 tok_09 tok_03 tok_00"
             "\nuser=tok_p"
             "\nsince=tok_05 tok_p"
             "\nrevoked=tok_06"
             "\nbad=error the request is not valid");
}

BOOST_AUTO_TEST_CASE(ListTokensPagesServeEveryItemExactlyOnceInOrder) {
  Feed feed = ListFixture();
  for (TokenSort sort : {TokenSort::kName, TokenSort::kCreatedAt,
                         TokenSort::kUpdatedAt, TokenSort::kLastUsedAt}) {
    for (SortOrder order : {SortOrder::kAsc, SortOrder::kDesc}) {
      TokenQuery query = Query([&](TokenQuery& q) {
        q.sort = sort;
        q.order = order;
      });
      std::string whole = List(feed.views(), query);
      std::string paged;
      query.page.limit = 4;
      int pages = 0;
      for (;;) {
        Result<Page<TokenState>> page = feed.views().ListTokens(query);
        BOOST_REQUIRE(page.ok());
        if (!paged.empty()) paged += ' ';
        paged += Ids(*page);
        ++pages;
        if (!page->next_cursor) break;
        query.page.cursor = *page->next_cursor;
      }
      BOOST_TEST(paged == whole, ToString(sort) << " " << ToString(order));
      BOOST_TEST(pages == 6);  // 23 listed (one revoked): 4+4+4+4+4+3
    }
  }
}

BOOST_AUTO_TEST_CASE(ListTokensSortsByNameWithIdTiebreak) {
  Feed feed = ListFixture();
  std::string by_name = List(feed.views(), Query([](TokenQuery& q) {
                               q.sort = TokenSort::kName;
                               q.order = SortOrder::kDesc;
                             }));
  BOOST_TEST(by_name.substr(0, 34) == "tok_p tok_22 tok_20 tok_18 tok_16 ");
  BOOST_TEST(by_name.substr(by_name.size() - 13) == "tok_03 tok_01");
}

BOOST_AUTO_TEST_CASE(ListTokensRejectsACursorOfAnotherSort) {
  Feed feed = ListFixture();
  TokenQuery query = Query([](TokenQuery& q) { q.sort = TokenSort::kName; });
  query.page.limit = 2;
  Result<Page<TokenState>> first = feed.views().ListTokens(query);
  BOOST_REQUIRE(first.ok());
  query.page.cursor = *first->next_cursor;
  query.sort = TokenSort::kCreatedAt;
  Result<Page<TokenState>> second = feed.views().ListTokens(query);
  BOOST_REQUIRE(!second.ok());
  BOOST_TEST(second.error().fields[0].field == "cursor");
}

BOOST_AUTO_TEST_CASE(ListGroupsUsersAndGrantsByCreation) {
  Feed feed;
  feed.Add(Account("acme"), At(0))
      .Add(Group("grp_b", "acme", "B"), At(2))
      .Add(Group("grp_a", "acme", "A"), At(3))
      .Add(Group("grp_c", "acme", "C"), At(1))
      .Add(GroupDeleted{"grp_a", "acme"}, At(4))
      .Add(User("usr_1", "acme", "a@acme.test"), At(5))
      .Add(GrantAdded{"grt_1", "acme", "tok_x", "vtex", {}}, At(6))
      .Add(GrantAdded{"grt_2", "acme", "tok_y", "vtex", {}}, At(7))
      .Add(GrantRemoved{"grt_1", "acme"}, At(8));
  const Views& v = feed.views();
  BOOST_TEST(Ids(*v.ListGroups("acme", {})) + " | " +
                 Ids(*v.ListUsers("acme", {})) + " | " +
                 Ids(*v.ListGrants("acme", {})) ==
             "grp_c grp_b | usr_1 | grt_2");
}

BOOST_AUTO_TEST_CASE(SerializeAndDeserializeRoundTripByteIdentical) {
  Feed feed = ListFixture();
  feed.Add(TokenRegenerated{"tok_01", "acme", Sha('e'), "eeee", At(2000)},
           At(500))
      .Add(GrantAdded{"grt_1", "vtex", "tok_00", "acme", {"grp_a"}}, At(501))
      .Add(Token("tok_z", "acme", "keyed", {}, Sha('d')), At(502), "acme/k/1");
  std::string image = feed.views().Serialize();
  Result<Views> restored = Views::Deserialize(image);
  BOOST_REQUIRE(restored.ok());
  BOOST_TEST(restored->Serialize() == image);
  BOOST_TEST(restored->applied_seq() == feed.views().applied_seq());
  // The derived indexes come back too.
  BOOST_TEST(RenderSecrets(*restored, {NumberedSha(2), Sha('e')}, At(600)) ==
             "2:tok_01/previous e:tok_01/current");
  BOOST_TEST(RenderUsage(*restored, "grp_a") ==
             RenderUsage(feed.views(), "grp_a"));
  TokenQuery all = Query([](TokenQuery&) {});
  BOOST_TEST(List(*restored, all) == List(feed.views(), all));
  BOOST_TEST(restored->grant_for("vtex", "tok_00") != nullptr);
  BOOST_TEST(restored->idempotency_record("acme/k/1", At(600)) != nullptr);
  // A copy is independent and indexed the same way.
  Views copy = *restored;
  BOOST_TEST(copy.Serialize() == image);
  BOOST_TEST(RenderSecrets(copy, {NumberedSha(2), Sha('e')}, At(600)) ==
             "2:tok_01/previous e:tok_01/current");
}

BOOST_AUTO_TEST_CASE(DeserializeRejectsDamagedImages) {
  Feed feed = ListFixture();
  std::string image = feed.views().Serialize();
  std::string wrong_version = image;
  wrong_version[0] ^= 0x7f;
  for (const std::string& bad :
       {std::string(), image.substr(0, image.size() / 2), image + "x",
        wrong_version, std::string(64, '\xff')}) {
    Result<Views> views = Views::Deserialize(bad);
    BOOST_TEST(!views.ok());
    if (!views.ok()) {
      BOOST_TEST(ErrorCodeName(views.error().code) == "CORRUPTION");
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail::projections
