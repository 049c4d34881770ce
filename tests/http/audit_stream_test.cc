// GET /v1/audit/stream over real HTTP: Server-Sent Events with id = seq,
// history then live events, resuming from Last-Event-ID, scoped to the
// caller's account, and a server that stops with streams open.
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <string>

#include "tests/http/sse_client.h"
#include "tests/support/api.h"
#include "tests/support/test_server.h"

namespace keytrail::test {
namespace {

using std::chrono::milliseconds;

struct Streamed : TestServer {
  Api op{Client(), operator_secret()};
  CreatedToken auditor;

  Streamed() {
    op.CreateAccount("acme");
    op.CreateAccount("globex");
    const std::string audit =
        op.CreateGroup("acme", "Audit", "api", {"audit:read"});
    op.CreateGroup("globex", "Ops", "api", {"tokens:view"});
    auditor = op.CreateToken("acme", "auditor", {audit});
  }

  SseClient Open(const std::string& secret, const std::string& query = "",
                 HeaderList headers = {}) {
    headers.emplace_back("Authorization", "Bearer " + secret);
    return SseClient(port(), "/v1/audit/stream" + query, headers);
  }
  uint64_t Head() { return server().service().store().HeadSeq(); }
};

std::string Id(uint64_t seq) { return "id: " + std::to_string(seq) + "\n"; }

BOOST_AUTO_TEST_SUITE(AuditStream)

BOOST_FIXTURE_TEST_CASE(HistoryThenLiveEventsWithSeqAsId, Streamed) {
  SseClient stream = Open(operator_secret(), "?after_seq=0");
  BOOST_TEST(stream.status() == 200);
  BOOST_TEST(stream.header("Content-Type") == "text/event-stream");
  const uint64_t head = Head();
  BOOST_TEST(stream.ReadUntil(Id(head), milliseconds(5000)));
  BOOST_TEST(stream.text().starts_with(Id(1) + "event: audit\ndata: {"));
  BOOST_TEST(stream.text().find(Id(head - 1) + "event: audit\ndata: {") !=
             std::string::npos);

  op.CreateGroup("globex", "Later", "api", {"tokens:view"});
  BOOST_TEST(stream.ReadUntil(R"("name":"Later")", milliseconds(5000)));
}

BOOST_FIXTURE_TEST_CASE(ResumesAfterLastEventId, Streamed) {
  SseClient stream =
      Open(operator_secret(), "?after_seq=1", {{"Last-Event-ID", "3"}});
  BOOST_TEST(stream.ReadUntil(Id(5), milliseconds(5000)));
  BOOST_TEST(stream.text().starts_with(Id(4)));
}

BOOST_FIXTURE_TEST_CASE(OthersSeeOnlyTheirAccount, Streamed) {
  SseClient stream = Open(auditor.secret);
  BOOST_TEST(stream.status() == 200);
  op.CreateGroup("globex", "Hidden", "api", {"tokens:view"});
  op.CreateGroup("acme", "Shown", "api", {"tokens:view"});
  BOOST_TEST(stream.ReadUntil(R"("name":"Shown")", milliseconds(5000)));
  BOOST_TEST(stream.text().find("Hidden") == std::string::npos);
  BOOST_TEST(stream.text().find(R"("account_id":"globex")") ==
             std::string::npos);
  BOOST_TEST(Open(auditor.secret, "?account=globex").status() == 404);
  BOOST_TEST(SseClient(port(), "/v1/audit/stream", {}).status() == 401);
}

BOOST_FIXTURE_TEST_CASE(StoppingTheServerEndsOpenStreams, Streamed) {
  SseClient stream = Open(operator_secret());
  BOOST_TEST(stream.status() == 200);
  const auto start = std::chrono::steady_clock::now();
  server().Stop();
  stream.ReadUntil("never sent", milliseconds(5000));
  BOOST_TEST(stream.ended());
  BOOST_TEST((std::chrono::steady_clock::now() - start < milliseconds(4000)));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail::test
