// The events column family's record layout and the leaf hash envelope.
#include "eventstore/record_codec.h"

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <thread>

#include "eventstore/leaf_hash.h"
#include "tests/eventstore/store_test_util.h"

namespace keytrail::eventstore {
namespace {

std::string Hex(const std::string& bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned char c : bytes) {
    hex.push_back(kHex[c >> 4]);
    hex.push_back(kHex[c & 0x0f]);
  }
  return hex;
}

RecordedEvent SampleRecord() {
  RecordedEvent event;
  event.seq = 42;
  event.stream = "token-tok_1";
  event.version = 300;
  event.id = "0b7e6d8e-94b0-4c2a-9b0e-1c2d3e4f5a6b";
  event.type = "TokenRevoked";
  event.schema_version = 2;
  event.time = 1'700'000'000'123'456;
  event.actor = {"tok_admin", "", "::1"};
  event.payload = std::string("\x00\x01\xff", 3);
  event.leaf_hash = std::string(32, '\x7f');
  event.idempotency_key = "acme:key-1";
  return event;
}

std::string Describe(const RecordedEvent& e) {
  return std::to_string(e.seq) + " " + e.stream + " " +
         std::to_string(e.version) + " " + e.id + " " + e.type + " " +
         std::to_string(e.schema_version) + " " + std::to_string(e.time) + " " +
         e.actor.token_id + "/" + e.actor.user_id + "/" + e.actor.ip + " " +
         Hex(e.payload) + " " + Hex(e.leaf_hash).substr(0, 4) + " " +
         e.idempotency_key;
}

NewEvent SampleEvent() {
  NewEvent event;
  event.id = "id-1";
  event.type = "TokenCreated";
  event.time = 1'700'000'000'000'000;
  event.actor.token_id = "tok_1";
  event.actor.ip = "1.2.3.4";
  event.data_json = R"({"name":"x"})";
  return event;
}

BOOST_AUTO_TEST_SUITE(RecordCodec)

BOOST_AUTO_TEST_CASE(RecordRoundTripsEveryField) {
  std::string encoded;
  EncodeRecord(SampleRecord(), encoded);
  RecordedEvent decoded;
  BOOST_REQUIRE(DecodeRecord(42, encoded, &decoded));
  BOOST_TEST(Describe(decoded) == Describe(SampleRecord()));
}

BOOST_AUTO_TEST_CASE(TruncatedOrExtendedRecordsAreRejected) {
  std::string encoded;
  EncodeRecord(SampleRecord(), encoded);
  RecordedEvent decoded;
  std::string verdicts;
  for (size_t length = 0; length < encoded.size(); ++length) {
    if (DecodeRecord(42, encoded.substr(0, length), &decoded)) {
      verdicts += std::to_string(length) + " ";
    }
  }
  BOOST_TEST(verdicts == "");
  BOOST_TEST(!DecodeRecord(42, encoded + "x", &decoded));
  std::string unknown_tag = encoded;
  unknown_tag[0] = '\x02';
  BOOST_TEST(!DecodeRecord(42, unknown_tag, &decoded));
}

BOOST_AUTO_TEST_CASE(LeafEnvelopeIsTheCanonicalAuditJson) {
  BOOST_TEST(LeafEnvelope(7, "token-tok_1", 2, SampleEvent()) ==
             R"({"actor":{"ip":"1.2.3.4","token":"tok_1","user":null},)"
             R"("data":{"name":"x"},"seq":7,"stream":"token-tok_1",)"
             R"("time":"2023-11-14T22:13:20.000000Z","type":"TokenCreated",)"
             R"("version":2})");
}

BOOST_AUTO_TEST_CASE(LeafHashIsSha256OfZeroByteAndEnvelope) {
  // Computed independently: sha256(b"\x00" + envelope above).
  BOOST_TEST(
      Hex(LeafHash(7, "token-tok_1", 2, SampleEvent())) ==
      "cbc05bf062ed794bc97ecd7eda05dd9847b387301ba785d0c63d07eb4c04f22b");
}

BOOST_AUTO_TEST_CASE(NewEventIdIsATimeOrderedUuidV7) {
  const auto now_ms = [] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  };
  const int64_t before = now_ms();
  const std::string a = NewEventId();
  std::this_thread::sleep_for(std::chrono::milliseconds(2));
  const std::string b = NewEventId();
  const int64_t after = now_ms();
  BOOST_TEST(a != b);
  BOOST_TEST(a.size() == 36u);
  BOOST_TEST(std::string({a[8], a[13], a[14], a[18], a[23]}) == "--7--");
  BOOST_TEST(std::string("89ab").find(a[19]) != std::string::npos);
  // The first 48 bits are the Unix time in milliseconds, so ids made later
  // sort later.
  const int64_t a_ms = std::stoll(a.substr(0, 8) + a.substr(9, 4), nullptr, 16);
  BOOST_TEST(a_ms >= before);
  BOOST_TEST(a_ms <= after);
  BOOST_TEST(a < b);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail::eventstore
