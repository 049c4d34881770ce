// The audit routes (docs/api.md §5) over real HTTP: who sees what, leaf hashes
// recomputed from the served JSON, the signed head checked with the served
// public key and against the leaves, inclusion and consistency proofs.
#include <openssl/sha.h>

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "base/hex.h"
#include "eventstore/leaf_hash.h"
#include "eventstore/merkle.h"
#include "audit/audit_key.h"
#include "audit/tree_head.h"
#include "tests/support/api.h"
#include "tests/support/test_server.h"

namespace keytrail::test {
namespace {

namespace json = boost::json;

std::string Unhex(json::string_view hex) { return ParseHex(hex).value(); }

// Two accounts with a few events each; `auditor` reads acme's audit log,
// `clerk` is an acme token without audit:read.
struct Audited : TestServer {
  Api op{Client(), operator_secret()};
  CreatedToken auditor;
  CreatedToken clerk;

  Audited() {
    op.CreateAccount("acme");
    op.CreateAccount("globex");
    const std::string audit =
        op.CreateGroup("acme", "Audit", "api", {"audit:read"});
    const std::string plain =
        op.CreateGroup("acme", "Plain", "api", {"tokens:view"});
    op.CreateGroup("globex", "Ops", "api", {"tokens:view"});
    auditor = op.CreateToken("acme", "auditor", {audit});
    clerk = op.CreateToken("acme", "clerk", {plain});
  }

  Api As(const CreatedToken& token) { return Api(Client(), token.secret); }

  // Every item of GET /v1/audit as `api` sees it, following next_cursor.
  json::array ReadAll(Api& api, const std::string& query = "") {
    json::array items;
    std::string after = "0";
    for (;;) {
      ClientResponse page =
          api.Call("GET", "/v1/audit?limit=3&after_seq=" + after + query);
      BOOST_REQUIRE_EQUAL(page.status, 200);
      json::object body = page.Json().as_object();
      for (const json::value& item : body.at("items").as_array()) {
        items.push_back(item);
      }
      if (body.at("next_cursor").is_null()) return items;
      after = std::string(body.at("next_cursor").as_string());
    }
  }

  // The latest head once it covers every event appended so far.
  json::object FreshHead(Api& api) {
    const uint64_t head = server().service().store().HeadSeq();
    for (int i = 0; i < 100; ++i) {
      json::object body = api.Call("GET", "/v1/audit/head").Json().as_object();
      if (body.at("tree_size").to_number<uint64_t>() >= head) return body;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    BOOST_FAIL("no tree head covered the log within 5 s");
    return {};
  }
};

std::string Accounts(const json::array& items) {
  std::set<std::string> accounts;
  for (const json::value& item : items) {
    const json::object& data = item.at("data").as_object();
    const json::value* account = data.if_contains("account_id");
    accounts.insert(account ? std::string(account->as_string()) : "?");
  }
  std::string text;
  for (const std::string& account : accounts) text += account + " ";
  return text;
}

BOOST_AUTO_TEST_SUITE(AuditRoutes)

BOOST_FIXTURE_TEST_CASE(TheOperatorSeesEveryAccountOthersTheirOwn, Audited) {
  Api auditor_api = As(auditor);
  BOOST_TEST(Accounts(ReadAll(op)) == "_system acme globex ");
  BOOST_TEST(Accounts(ReadAll(op, "&account=globex")) == "globex ");
  BOOST_TEST(Accounts(ReadAll(auditor_api)) == "acme ");
  BOOST_TEST(auditor_api.Call("GET", "/v1/audit?account=globex").status == 404);
  BOOST_TEST(As(clerk).Call("GET", "/v1/audit").status == 403);
  BOOST_TEST(Client().Get("/v1/audit").status == 401);
  BOOST_TEST(op.Call("GET", "/v1/audit?limit=0").status == 400);
  BOOST_TEST(op.Call("GET", "/v1/audit?after_seq=x").status == 400);
}

BOOST_FIXTURE_TEST_CASE(PagesFollowSeqAndFiltersNarrowThem, Audited) {
  json::array all = ReadAll(op);
  uint64_t previous = 0;
  bool ascending = true;
  for (const json::value& item : all) {
    const uint64_t seq = item.at("seq").to_number<uint64_t>();
    ascending = ascending && seq > previous;
    previous = seq;
  }
  BOOST_TEST(ascending);
  BOOST_TEST(all.size() >= 10u);
  json::array groups = ReadAll(op, "&type=GroupCreated&account=acme");
  BOOST_TEST(groups.size() == 2u);
  json::array one_stream =
      ReadAll(op, "&stream=" + std::string(groups[0].at("stream").as_string()));
  BOOST_TEST(one_stream.size() == 1u);
}

BOOST_FIXTURE_TEST_CASE(LeafHashesAreRecomputableFromTheServedJson, Audited) {
  std::string wrong;
  for (const json::value& value : ReadAll(op)) {
    const json::object& served = value.as_object();
    const std::string leaf(served.at("leaf_hash").as_string());
    // Served keys are in JCS order already; copying keeps the order (erase
    // would move the last key into the hole).
    json::object item;
    for (const auto& [key, field] : served) {
      if (key != "leaf_hash") item[key] = field;
    }
    const std::string envelope = std::string(1, '\0') + json::serialize(item);
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char*>(envelope.data()),
           envelope.size(), digest);
    if (HexOf(std::string(reinterpret_cast<char*>(digest), 32)) != leaf) {
      wrong += std::to_string(item.at("seq").to_number<uint64_t>()) + " ";
    }
  }
  BOOST_TEST(wrong == "");
}

BOOST_FIXTURE_TEST_CASE(TheHeadIsSignedAndIsTheRootOfTheLeaves, Audited) {
  Api auditor_api = As(auditor);
  json::object key =
      auditor_api.Call("GET", "/v1/audit/public-key").Json().as_object();
  BOOST_TEST(key.at("algorithm").as_string() == "Ed25519");
  Result<std::string> from_pem =
      audit::ParsePublicKey(key.at("pem").as_string());
  BOOST_REQUIRE(from_pem.ok());
  BOOST_TEST(HexOf(*from_pem) == key.at("public_key").as_string());

  json::object head_json = FreshHead(auditor_api);
  Result<audit::SignedTreeHead> head =
      audit::ParseHeadJson(json::serialize(head_json));
  BOOST_REQUIRE(head.ok());
  BOOST_TEST(audit::VerifyHead(*head, *from_pem));
  audit::SignedTreeHead forged = *head;
  forged.tree_size -= 1;
  BOOST_TEST(!audit::VerifyHead(forged, *from_pem));

  std::vector<std::string> leaves;
  for (const json::value& item : ReadAll(op)) {
    leaves.push_back(Unhex(item.at("leaf_hash").as_string()));
  }
  leaves.resize(head->tree_size);
  eventstore::TreeFrontier tree;
  for (const std::string& leaf : leaves) tree.Append(leaf, [](auto...) {});
  BOOST_TEST(HexOf(tree.Root()) == HexOf(head->root_hash));
}

BOOST_FIXTURE_TEST_CASE(ProofsOverHttpVerifyAgainstSignedHeads, Audited) {
  json::object old_head = FreshHead(op);
  const uint64_t old_size = old_head.at("tree_size").to_number<uint64_t>();
  op.CreateGroup("globex", "Later", "api", {"tokens:view"});
  json::object new_head = FreshHead(op);
  const uint64_t new_size = new_head.at("tree_size").to_number<uint64_t>();
  BOOST_REQUIRE(new_size > old_size);
  const std::string new_root = Unhex(new_head.at("root_hash").as_string());

  // The old head is kept and served by its size.
  ClientResponse kept =
      op.Call("GET", "/v1/audit/head?tree_size=" + std::to_string(old_size));
  BOOST_TEST(kept.Json() == json::value(old_head));
  BOOST_TEST(op.Call("GET", "/v1/audit/head?tree_size=999999").status == 404);

  json::array items = ReadAll(op);
  for (uint64_t seq : {uint64_t{1}, old_size, new_size}) {
    json::object proof =
        op.Call("GET", "/v1/audit/proof/inclusion?seq=" + std::to_string(seq))
            .Json()
            .as_object();
    BOOST_TEST(proof.at("tree_size").to_number<uint64_t>() == new_size);
    std::vector<std::string> path;
    for (const json::value& hash : proof.at("audit_path").as_array()) {
      path.push_back(Unhex(hash.as_string()));
    }
    const std::string leaf = Unhex(items[seq - 1].at("leaf_hash").as_string());
    BOOST_TEST(proof.at("leaf_hash").as_string() ==
               items[seq - 1].at("leaf_hash").as_string());
    Result<std::string> root =
        eventstore::RootFromInclusionPath(seq - 1, new_size, leaf, path);
    BOOST_TEST((root.ok() && *root == new_root), "inclusion of " << seq);
  }

  json::object consistency =
      op.Call("GET",
              "/v1/audit/proof/consistency?first=" + std::to_string(old_size))
          .Json()
          .as_object();
  std::vector<std::string> path;
  for (const json::value& hash :
       consistency.at("consistency_path").as_array()) {
    path.push_back(Unhex(hash.as_string()));
  }
  const std::string old_root = Unhex(old_head.at("root_hash").as_string());
  BOOST_TEST(eventstore::VerifyConsistency(old_size, new_size, old_root,
                                           new_root, path)
                 .ok());
  std::string forged = new_root;
  forged[5] ^= 1;
  BOOST_TEST(
      !eventstore::VerifyConsistency(old_size, new_size, old_root, forged, path)
           .ok());
}

BOOST_FIXTURE_TEST_CASE(AnotherAccountsEventHasNoInclusionProof, Audited) {
  json::array globex = ReadAll(op, "&account=globex");
  const uint64_t seq = globex[0].at("seq").to_number<uint64_t>();
  FreshHead(op);
  Api auditor_api = As(auditor);
  BOOST_TEST(
      auditor_api
          .Call("GET", "/v1/audit/proof/inclusion?seq=" + std::to_string(seq))
          .status == 404);
  BOOST_TEST(
      op.Call("GET", "/v1/audit/proof/inclusion?seq=" + std::to_string(seq))
          .status == 200);
  BOOST_TEST(op.Call("GET", "/v1/audit/proof/inclusion").status == 400);
  BOOST_TEST(op.Call("GET", "/v1/audit/proof/consistency?first=0").status ==
             400);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail::test
