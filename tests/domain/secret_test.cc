#include "domain/secret.h"

#include <boost/test/unit_test.hpp>
#include <set>

#include "base/base62.h"
#include "base/sha256.h"
#include "domain/ids.h"
#include "tests/domain/test_state.h"

namespace keytrail {
namespace {

using testing::FakeRandom;

// Always answers bytes >= 248 first, then `byte`: rejection sampling must
// skip the former.
class BiasedRandom : public RandomSource {
 public:
  void Fill(uint8_t* data, size_t size) override {
    for (size_t i = 0; i < size; ++i) data[i] = (i % 2 == 0) ? 250 : 61;
  }
};

BOOST_AUTO_TEST_SUITE(SecretTest)

// docs/api.md §2: kt_ + 32 base62 + 6 base62 CRC32, matching
// kt_[0-9A-Za-z]{38}.
BOOST_AUTO_TEST_CASE(GeneratedSecretHasTheApiFormat) {
  FakeRandom random;
  const std::string secret = GenerateSecret(random);
  BOOST_TEST(secret.size() == 41u);
  BOOST_TEST(secret.substr(0, 3) == "kt_");
  for (char c : secret.substr(3)) BOOST_TEST(IsBase62(c));
  BOOST_TEST((CheckSecretFormat(secret) == SecretFormat::kOk));
  BOOST_TEST(ParseSecret(secret).ok());
  std::string checksum;
  AppendBase62Fixed(checksum, Crc32(secret.substr(0, 35)), 6);
  BOOST_TEST(secret.substr(35) == checksum);
}

BOOST_AUTO_TEST_CASE(SecretsDiffer) {
  FakeRandom random;
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) seen.insert(GenerateSecret(random));
  BOOST_TEST(seen.size() == 100u);
}

BOOST_AUTO_TEST_CASE(RejectionSamplingSkipsBytesAbove247) {
  BiasedRandom random;
  std::string out;
  AppendRandomBase62(out, 5, random);
  BOOST_TEST(out == "zzzzz");  // 61 -> 'z'; every 250 was drawn again
}

BOOST_AUTO_TEST_CASE(Crc32IsIeee) {
  BOOST_TEST(Crc32("123456789") == 0xCBF43926u);
  BOOST_TEST(Crc32("") == 0u);
}

BOOST_AUTO_TEST_CASE(Base62FixedIsZeroPaddedBigEndian) {
  std::string out;
  AppendBase62Fixed(out, 0, 6);
  AppendBase62Fixed(out, 61, 2);
  AppendBase62Fixed(out, 62, 2);
  AppendBase62Fixed(out, 0xFFFFFFFFu, 6);
  BOOST_TEST(out ==
             "000000"
             "0z"
             "10"
             "4gfFC3");
}

// docs/api.md §2: a typo is rejected without a lookup (MALFORMED).
BOOST_AUTO_TEST_CASE(MalformedSecretsAreRejectedByShape) {
  FakeRandom random;
  const std::string good = GenerateSecret(random);
  std::string typo = good;
  typo[10] = typo[10] == 'a' ? 'b' : 'a';
  std::string bad_checksum = good;
  bad_checksum.back() = bad_checksum.back() == '0' ? '1' : '0';
  BOOST_TEST((CheckSecretFormat("") == SecretFormat::kBadPrefix));
  BOOST_TEST(
      (CheckSecretFormat("SK_" + good.substr(3)) == SecretFormat::kBadPrefix));
  BOOST_TEST((CheckSecretFormat(good.substr(3)) == SecretFormat::kBadPrefix));
  // Another well-formed prefix: the checksum, which covers it, fails.
  BOOST_TEST((CheckSecretFormat("sk_" + good.substr(3)) ==
              SecretFormat::kBadChecksum));
  BOOST_TEST(
      (CheckSecretFormat(good.substr(0, 40)) == SecretFormat::kBadLength));
  BOOST_TEST((CheckSecretFormat(good + "0") == SecretFormat::kBadLength));
  BOOST_TEST((CheckSecretFormat(good.substr(0, 20) + "-" + good.substr(21)) ==
              SecretFormat::kBadAlphabet));
  BOOST_TEST((CheckSecretFormat(typo) == SecretFormat::kBadChecksum));
  BOOST_TEST((CheckSecretFormat(bad_checksum) == SecretFormat::kBadChecksum));
  const Status status = ParseSecret(typo);
  BOOST_REQUIRE(!status.ok());
  BOOST_TEST(ErrorCodeName(status.error().code) == "INVALID");
  BOOST_TEST(status.error().fields.at(0).message.rfind("MALFORMED", 0) == 0u);
  BOOST_TEST(status.error().fields.at(0).message.find(typo) ==
             std::string::npos);
}

// docs/api.md §2: the server stores SHA-256 of the secret.
BOOST_AUTO_TEST_CASE(Sha256HexMatchesTheStandardVector) {
  BOOST_TEST(
      Sha256Hex("abc") ==
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

// State and indexes hold the raw digest; the events carry its hex form.
BOOST_AUTO_TEST_CASE(Sha256DigestRoundTripsThroughHex) {
  const Sha256Digest digest = Sha256DigestOf("abc");
  BOOST_TEST(Sha256DigestHex(digest) == Sha256Hex("abc"));
  BOOST_TEST((ParseSha256Hex(Sha256Hex("abc")) == digest));
  BOOST_TEST((ParseSha256Hex("BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB"
                             "410FF61F20015AD") == digest));
  BOOST_TEST(!ParseSha256Hex(Sha256Hex("abc").substr(1)).has_value());
  BOOST_TEST(!ParseSha256Hex(std::string(63, 'a') + "g").has_value());
  BOOST_TEST(!ParseSha256Hex("").has_value());
}

BOOST_AUTO_TEST_CASE(Sha256StreamEqualsTheOneShotDigest) {
  Sha256Stream stream;
  stream.Update("a");
  stream.Update("");
  stream.Update("bc");
  BOOST_TEST((stream.Finish() == Sha256DigestOf("abc")));
}

// docs/api.md §2: the masked form is kt_… + the last 4 characters.
BOOST_AUTO_TEST_CASE(MaskedShowsOnlyTheLastFour) {
  BOOST_TEST(Last4("kt_abcdefWXYZ") == "WXYZ");
  BOOST_TEST(Masked("", "WXYZ") == "kt_\u2026WXYZ");
}

BOOST_AUTO_TEST_CASE(ConstantTimeEqualsComparesContentAndLength) {
  BOOST_TEST(ConstantTimeEquals("abcd", "abcd"));
  BOOST_TEST(!ConstantTimeEquals("abcd", "abce"));
  BOOST_TEST(!ConstantTimeEquals("abcd", "abc"));
  BOOST_TEST(ConstantTimeEquals("", ""));
}

BOOST_AUTO_TEST_CASE(NewIdIsPrefixAndTwentyBase62) {
  FakeRandom random;
  const std::string id = NewId(kTokenIdPrefix, random);
  BOOST_TEST(id.size() == 24u);
  BOOST_TEST(id.substr(0, 4) == "tok_");
  for (char c : id.substr(4)) BOOST_TEST(IsBase62(c));
  BOOST_TEST(NewId(kTokenIdPrefix, random) != id);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail
