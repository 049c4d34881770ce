#include "projections/secret_index.h"

#include <boost/test/unit_test.hpp>
#include <deque>
#include <map>
#include <random>

namespace keytrail::projections {
namespace {

// A token whose secrets are digests made from `n`; `same_home` makes the
// first 8 bytes (the table's hash) equal for every n, so that every entry
// lands in one probe run.
TokenState MakeToken(uint32_t n, bool same_home) {
  TokenState token;
  token.id = "tok_" + std::to_string(n);
  token.secret_sha256[same_home ? 31 : 0] = static_cast<uint8_t>(n);
  token.secret_sha256[same_home ? 30 : 1] = static_cast<uint8_t>(n >> 8);
  token.secret_sha256[29] = 1;
  token.rare.Update([&](TokenRareFields& rare) {
    rare.previous_secret_sha256 = token.secret_sha256;
    rare.previous_secret_sha256[29] = 2;  // differs from the current one
    rare.previous_valid_until = 1;
  });
  return token;
}

// Random inserts and erases against a std::map that must agree after every
// step, with and without every key colliding on its home slot (which
// exercises the probe runs and the backward-shift deletion).
void CheckAgainstMap(bool same_home) {
  std::deque<TokenState> tokens;  // stable addresses
  for (uint32_t n = 0; n < 600; ++n) tokens.push_back(MakeToken(n, same_home));
  SecretIndex index;
  std::map<Sha256Digest, SecretIndex::Entry> reference;
  std::mt19937 random(same_home ? 7 : 11);
  for (int step = 0; step < 6000; ++step) {
    const TokenState& token = tokens[random() % tokens.size()];
    const bool previous = random() % 4 == 0;
    const Sha256Digest& key =
        previous ? token.rare->previous_secret_sha256 : token.secret_sha256;
    const SecretRole role =
        previous ? SecretRole::kPrevious : SecretRole::kCurrent;
    if (random() % 3 == 0) {
      index.Erase(key, &token);
      reference.erase(key);
    } else {
      index.Insert(key, &token, role);
      reference[key] = {&token, role};
    }
    if (step % 500 != 0 && step != 5999) continue;
    BOOST_TEST_REQUIRE(index.size() == reference.size());
    for (const TokenState& t : tokens) {
      for (const Sha256Digest* k :
           {&t.secret_sha256, &t.rare->previous_secret_sha256}) {
        std::optional<SecretIndex::Entry> found = index.Find(*k);
        auto expected = reference.find(*k);
        BOOST_TEST_REQUIRE(found.has_value() == (expected != reference.end()));
        if (found) {
          BOOST_TEST_REQUIRE(found->token == expected->second.token);
          BOOST_TEST_REQUIRE((found->role == expected->second.role));
        }
      }
    }
  }
}

BOOST_AUTO_TEST_SUITE(SecretIndexTest)

BOOST_AUTO_TEST_CASE(AgreesWithAMapOverRandomInsertsAndErases) {
  CheckAgainstMap(/*same_home=*/false);
}

BOOST_AUTO_TEST_CASE(AgreesWithAMapWhenEveryKeyCollides) {
  CheckAgainstMap(/*same_home=*/true);
}

BOOST_AUTO_TEST_CASE(EraseLeavesAnotherTokensEntryAlone) {
  TokenState a = MakeToken(1, false), b = MakeToken(1, false);
  SecretIndex index;
  index.Insert(a.secret_sha256, &a, SecretRole::kCurrent);
  index.Erase(b.secret_sha256, &b);  // same digest, not b's entry
  BOOST_TEST(index.Find(a.secret_sha256)->token == &a);
  index.Insert(b.secret_sha256, &b, SecretRole::kCurrent);  // replaces
  BOOST_TEST(index.size() == 1u);
  BOOST_TEST(index.Find(a.secret_sha256)->token == &b);
}

BOOST_AUTO_TEST_CASE(AnEmptyIndexFindsNothing) {
  SecretIndex index;
  TokenState token = MakeToken(3, false);
  BOOST_TEST(!index.contains(token.secret_sha256));
  index.Erase(token.secret_sha256, &token);
  BOOST_TEST(index.size() == 0u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail::projections
